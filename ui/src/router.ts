import { createRouter, createWebHashHistory } from 'vue-router'
import HomePage from './pages/HomePage.vue'

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', name: 'home', component: HomePage },
    { path: '/items', name: 'items', component: () => import('./pages/ItemsPage.vue') },
    { path: '/review', name: 'review', component: () => import('./pages/ReviewPage.vue') },
    { path: '/export', name: 'export', component: () => import('./pages/ExportPage.vue') },
    { path: '/tasks', name: 'tasks', component: () => import('./pages/TasksPage.vue') },
    { path: '/reports', name: 'reports', component: () => import('./pages/ReportsPage.vue') },
    { path: '/settings', name: 'settings', component: () => import('./pages/SettingsPage.vue') },
  ],
})

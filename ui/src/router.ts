import { createRouter, createWebHashHistory } from 'vue-router'
import HomePage from './pages/HomePage.vue'
import { clearMessages } from './notify'

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', name: 'home', component: HomePage },
    { path: '/items', name: 'items', component: () => import('./pages/ItemsPage.vue') },
    // One route for new and existing items (`/items/new`), so that when a new draft is first
    // saved and the address becomes `/items/42`, the page stays mounted and typing goes on.
    { path: '/items/:id', name: 'item-edit', component: () => import('./pages/ItemEditPage.vue') },
    { path: '/review', name: 'review', component: () => import('./pages/ReviewPage.vue') },
    { path: '/export', name: 'export', component: () => import('./pages/ExportPage.vue') },
    { path: '/requests', name: 'requests', component: () => import('./pages/RequestsPage.vue') },
    { path: '/tasks', name: 'tasks', component: () => import('./pages/TasksPage.vue') },
    { path: '/reports', name: 'reports', component: () => import('./pages/ReportsPage.vue') },
    { path: '/settings', name: 'settings', component: () => import('./pages/SettingsPage.vue') },
  ],
})

// A message belongs to the page it was shown on: moving to another page takes it away.
// (A new draft's first save turns `/items/new` into `/items/42` on the same page: kept.)
router.beforeEach((to, from) => {
  if (to.name !== from.name) clearMessages()
})

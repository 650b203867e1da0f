import { createApp } from 'vue'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import App from './App.vue'
import { router } from './router'
import { i18n } from './i18n'
import { blockOutgoingLinks } from './links'
import './security'
import './styles.css'

blockOutgoingLinks((url) => i18n.global.t('links.copied', { url }))
createApp(App).use(ElementPlus).use(i18n).use(router).mount('#app')

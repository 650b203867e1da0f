import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import pkg from './package.json'

// The UI's version (the same as the Rust crates', checked by a server test): sent with
// every command over the LAN, so a page from an older server is told to reload.
const version: string = pkg.version

// The UI is embedded in the app binary and loaded with no network: everything it needs is
// bundled here, nothing is fetched at run time.
export default defineConfig({
  plugins: [vue()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    target: 'safari15',
    chunkSizeWarningLimit: 2000,
  },
  define: {
    __APP_VERSION__: JSON.stringify(version),
    // vue-i18n: compile messages without eval (the CSP forbids it).
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
  },
})

import { defineConfig } from 'vite'

// `npm run dev` serves the viewer with the API of a local `screener serve` (default http://127.0.0.1:5080).
export default defineConfig({
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 4000, sourcemap: false },
  server: { proxy: { '/api': process.env.SCREENER_URL ?? 'http://127.0.0.1:5080' } },
})

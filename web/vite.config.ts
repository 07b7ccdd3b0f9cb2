import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** The gateway serves dist/ at the API's origin; `npm run dev -w web` proxies /api to it. */
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': process.env.STRATA_API ?? 'http://localhost:8080' } },
});

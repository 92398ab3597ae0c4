// Libraries served by Postcard itself under vendor/ (from their WebJars): loaded on first use, never from a CDN.

let uplot = null;

/**
 * uPlot (charts) and its stylesheet; answers the uPlot constructor. A <script> element of this origin, not an
 * ES import: the WebJar ships an IIFE that sets window.uPlot, which the CSP allows (script-src 'self').
 */
export function loadUplot() {
  if (!uplot) {
    uplot = new Promise((resolve, reject) => {
      const style = document.createElement('link');
      style.rel = 'stylesheet';
      style.href = 'vendor/uPlot.min.css';
      document.head.append(style);
      const script = document.createElement('script');
      script.src = 'vendor/uPlot.iife.min.js';
      script.addEventListener('load', () => resolve(window.uPlot));
      script.addEventListener('error', () => {
        uplot = null;
        reject(new Error('the chart library did not load'));
      });
      document.head.append(script);
    });
  }
  return uplot;
}

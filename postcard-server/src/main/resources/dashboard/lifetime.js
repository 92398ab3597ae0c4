// Work a page starts (a live stream) must end when the page is left: another route, a tenant switch or signing
// out all replace the contents of #page, so the page's own element leaving the document is the one signal.

/** An AbortSignal that aborts once `element` is no longer in the document. */
export function whileShown(element) {
  const controller = new AbortController();
  const page = document.getElementById('page');
  const observer = new MutationObserver(() => {
    if (!element.isConnected) {
      observer.disconnect();
      controller.abort();
    }
  });
  observer.observe(page, { childList: true, subtree: true });
  return controller.signal;
}

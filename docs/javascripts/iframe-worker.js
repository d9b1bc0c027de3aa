// The site's search runs in a Web Worker, and a browser will not start a worker
// from a page opened from the file system. On such a page this replaces Worker
// with a stand-in that runs the worker's script in a hidden frame of the same
// page and carries the messages between them, so that search works offline.
(function () {
  "use strict";
  if (location.protocol !== "file:") return;

  // Load scripts into a document one after the other; resolves when all have run.
  function loadInOrder(doc, urls) {
    return urls.reduce((previous, url) => previous.then(() => new Promise((resolve, reject) => {
      const script = doc.createElement("script");
      script.src = new URL(url, location.href).href;
      script.onload = resolve;
      script.onerror = () => reject(new Error("cannot load " + url));
      doc.body.appendChild(script);
    })), Promise.resolve());
  }

  class FrameWorker extends EventTarget {
    constructor(url) {
      super();
      this.frame = document.createElement("iframe");
      this.frame.hidden = true;
      document.body.appendChild(this.frame);
      const inner = this.frame.contentWindow;
      inner.document.open();
      inner.document.write("<!DOCTYPE html><html><head></head><body></body></html>");
      inner.document.close();
      // What the script calls as a worker: postMessage answers this page, and
      // importScripts returns a promise (the search awaits it).
      inner.postMessage = (data) => this.fire("message", {data: structuredClone(data)});
      inner.importScripts = (...urls) => loadInOrder(inner.document, urls);
      this.ready = loadInOrder(inner.document, [url]).catch((error) => {
        this.fire("error", {message: error.message, error});
        throw error;
      });
    }

    fire(type, init) {
      const event = type === "message" ? new MessageEvent(type, init) : new ErrorEvent(type, init);
      this.dispatchEvent(event);
      const handler = this["on" + type];
      if (typeof handler === "function") handler.call(this, event);
    }

    postMessage(data) {
      const copy = structuredClone(data);
      this.ready.then(() => {
        const inner = this.frame.contentWindow;
        if (inner) inner.dispatchEvent(new MessageEvent("message", {data: copy}));
      }, () => {});
    }

    terminate() {
      this.frame.remove();
    }
  }

  // The search worker looks for this name to find where its language files are.
  window.IFrameWorker = FrameWorker;
  window.Worker = FrameWorker;
})();

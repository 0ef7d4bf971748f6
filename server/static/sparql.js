// The SPARQL page's editor: the form's <textarea> becomes a YASQE editor (syntax highlighting, syntax
// checking as you type, prefix and variable completion) served from /static/ (no CDN). Without script the
// plain form works the same. Running a query submits the form: results, and errors (in Chinese and
// English, the query kept), are drawn by the server. The line of a syntax error is marked in the editor.
(function () {
  "use strict";
  var form = document.querySelector("form.sparql");
  var Yasqe = window.Yasqe && (window.Yasqe.default || window.Yasqe);
  if (!form || !Yasqe) return;
  var textarea = form.querySelector("textarea[name=query]");
  var holder = document.createElement("div");
  holder.className = "editor";
  textarea.parentNode.insertBefore(holder, textarea);
  textarea.hidden = true;
  var yasqe = new Yasqe(holder, {
    value: textarea.value,
    persistenceId: null,          // the page's query, never one kept in the browser from an earlier visit
    showQueryButton: false,       // the form's own button runs the query
    autocompleters: ["prefixes", "variables"],   // the others ask outside services (LOV)
    createShareableLink: null,
    resizeable: true,
    editorHeight: "280px"
  });
  yasqe.setValue(textarea.value);
  yasqe.query = function () {     // Ctrl-Enter: run it through the form
    textarea.value = yasqe.getValue();
    form.requestSubmit ? form.requestSubmit() : form.submit();
    return Promise.resolve();
  };
  form.addEventListener("submit", function () { textarea.value = yasqe.getValue(); });
  var error = document.querySelector(".query-error[data-line]");
  if (error && error.dataset.line) {
    var line = parseInt(error.dataset.line, 10) - 1;
    var column = Math.max(0, parseInt(error.dataset.column || "1", 10) - 1);
    yasqe.addLineClass(line, "background", "error-line");
    yasqe.setCursor({ line: line, ch: column });
    yasqe.focus();
  }
  form.classList.add("enhanced");
  window.zwgkEditor = yasqe;
})();

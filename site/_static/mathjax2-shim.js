// ipywidgets' HTML manager typesets widget labels with MathJax 2's API, MathJax.Hub.Queue; this
// site loads MathJax 3, which has no Hub. Whenever window.MathJax is set (by the configuration,
// then by MathJax 3 itself when it loads), give it a Hub.Queue that asks MathJax 3 to typeset.
(function () {
  "use strict";
  var current = window.MathJax;
  function withHub(mathjax) {
    if (mathjax && typeof mathjax === "object" && !mathjax.Hub) {
      mathjax.Hub = {
        Queue: function (job) {
          var element = job && job[2];
          var mj = window.MathJax;
          if (element && mj && mj.startup && mj.startup.promise && mj.typesetPromise) {
            mj.startup.promise.then(function () { return mj.typesetPromise([element]); });
          }
        },
      };
    }
    return mathjax;
  }
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    get: function () { return current; },
    set: function (value) { current = withHub(value); },
  });
  withHub(current);
})();

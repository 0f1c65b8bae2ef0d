// The ipywidgets HTML manager finds its fonts relative to its AMD module's URL, which require.js
// resolves from baseUrl (by default the page's folder). Point baseUrl at this folder, where the
// site build copies @jupyter-widgets/html-manager/dist/.
require.config({ baseUrl: new URL(".", document.currentScript.src).href });

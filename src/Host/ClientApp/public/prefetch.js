// Starts the designer's first requests while the app's scripts load and compile, so the data is there when
// the app asks for it (src/api/client.ts takes these answers). A classic script: it runs before the module.
(function () {
  var init = { credentials: 'same-origin', headers: { Accept: 'application/json' } };
  var started = (window.__designerPrefetch = {});
  function start(path) {
    started[path] = fetch('/elsa/api' + path, init);
  }
  var match = /^\/designer\/definitions\/([^/]+)\/?$/.exec(location.pathname);
  if (!match) return;
  var version = new URLSearchParams(location.search).get('version');
  start('/descriptors/activities');
  start('/workflow-definitions/by-definition-id/' + match[1] + '?versionOptions=' + encodeURIComponent(version || 'Latest'));
  start('/workflow-definitions/' + match[1] + '/versions');
})();

// The /studio page: shows one of Elsa Studio's custom elements for the address and keeps its access token fresh.
//   /studio/definitions          the definition list     (elsa-workflow-definition-list)
//   /studio/definitions/{id}     the definition editor   (elsa-workflow-definition-editor)
//   /studio/instances            the instance list       (elsa-workflow-instance-list)
//   /studio/instances/{id}       the instance viewer     (elsa-workflow-instance-viewer)
// Studio navigates by itself to its own addresses (workflows/instances/{id}/view after a run,
// workflows/definitions/{id}/edit): the page loads again and shows the same elements for those.
// Studio sends the token as "Authorization: Bearer"; it is issued for the signed-in person and lives 15 minutes.
(function () {
  'use strict';
  var endpoint = location.origin + '/elsa/api';
  var refreshEveryMs = 10 * 60 * 1000;

  // Studio's own texts are English; MudBlazor's (paging, dialogs, pickers) and dates follow this culture.
  if (!localStorage.getItem('BlazorCulture')) localStorage.setItem('BlazorCulture', 'sv-SE');

  function fetchToken() {
    return fetch('/studio/token', { method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(function (r) {
      if (!r.ok) throw new Error('Servern gav ingen åtkomsttoken (' + r.status + '). Logga in som Inera-personal igen.');
      return r.json();
    }).then(function (body) { return body.accessToken; });
  }

  function studioElement(name, token, attributes) {
    var element = document.createElement(name);
    element.setAttribute('remote-endpoint', endpoint);
    element.setAttribute('access-token', token);
    Object.keys(attributes || {}).forEach(function (key) { element.setAttribute(key, attributes[key]); });
    return element;
  }

  function go(path) { location.assign('/studio/' + path); }

  function route() {
    var parts = location.pathname.replace(/^\/studio\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] === 'workflows') parts = parts.slice(1, 3);
    if (parts[0] === 'instances' && parts[1]) return { section: 'instances', name: 'elsa-workflow-instance-viewer', attributes: { 'instance-id': parts[1] } };
    if (parts[0] === 'instances') return { section: 'instances', name: 'elsa-workflow-instance-list' };
    if (parts[0] === 'definitions' && parts[1]) return { section: 'definitions', name: 'elsa-workflow-definition-editor', attributes: { 'definition-id': parts[1] } };
    return { section: 'definitions', name: 'elsa-workflow-definition-list' };
  }

  function show(token) {
    var target = route();
    document.querySelectorAll('.studio-header nav a[data-section]').forEach(function (a) {
      if (a.getAttribute('data-section') === target.section) a.setAttribute('aria-current', 'page');
    });
    // Created once Studio has defined the element: a property set on an element before it is upgraded is lost.
    customElements.whenDefined(target.name).then(function () {
      var element = studioElement(target.name, token, target.attributes);
      // Studio's navigation callbacks (EventCallback<string>) take JavaScript functions.
      element.editWorkflowDefinition = function (definitionId) { go('definitions/' + encodeURIComponent(definitionId)); };
      element.viewWorkflowInstance = function (instanceId) { go('instances/' + encodeURIComponent(instanceId)); };
      document.getElementById('studio').replaceChildren(element);
    });
  }

  // A fresh token goes to Studio through a new (invisible) backend provider: its backend settings are shared by every element.
  function refresh() {
    fetchToken().then(function (token) {
      var provider = studioElement('elsa-backend-provider', token);
      provider.hidden = true;
      var previous = document.querySelector('elsa-backend-provider');
      document.body.appendChild(provider);
      if (previous) setTimeout(function () { previous.remove(); }, 5000);
    }).catch(function (e) { console.error(e); });
  }

  function fail(e) {
    var main = document.getElementById('studio');
    var p = document.createElement('p');
    p.className = 'studio-error';
    p.textContent = e.message;
    main.replaceChildren(p);
  }

  var shownPath = null;

  // Studio's NavigationManager changes the address with history.pushState (after a run it goes to the instance's
  // view): the page is loaded again for the new address. Two of Studio's elements must never live in one page, not
  // even while one replaces the other: each renders MudBlazor's popover provider, and Blazor removes the old element's
  // only after the new one has asked for its own, which fails ("already a subscriber ... mud-overlay-to-popover-provider").
  function followStudio() {
    if (shownPath !== null && location.pathname !== shownPath) {
      shownPath = location.pathname;
      location.reload();
    }
  }
  var pushState = history.pushState;
  history.pushState = function () {
    pushState.apply(history, arguments);
    followStudio();
  };
  window.addEventListener('popstate', followStudio);

  document.addEventListener('DOMContentLoaded', function () {
    fetchToken().then(function (token) {
      shownPath = location.pathname;
      show(token);
      setInterval(refresh, refreshEveryMs);
    }).catch(fail);
  });
})();

/**
 * The "Direct messaging" switch: a form posting `enabled=on|off` and `_csrf`, plain buttons and
 * no script. The state sentence ("Direct messaging is {state}.") is split around its
 * placeholder so the state word sits in its own `<strong data-messaging-state>`, which tests
 * and hosts read. Data: `AdminToggleData` in ./index.ts.
 */
export const ADMIN_TOGGLE_TEMPLATE = `<% const [before, after] = it.i18n.t('partials.adminToggleStatus').split('{state}') %>
<form method="post" action="<%= it.action %>" class="messaging-admin-toggle" data-messaging-admin-toggle>
  <fieldset>
    <legend><%= it.i18n.t('partials.adminToggleLegend') %></legend>
    <p><%= before %><strong data-messaging-state="<%= it.enabled ? 'on' : 'off' %>"><%= it.i18n.t(it.enabled ? 'partials.adminToggleOn' : 'partials.adminToggleOff') %></strong><%= after ?? '' %> <%= it.i18n.t(it.enabled ? 'partials.adminToggleOnHint' : 'partials.adminToggleOffHint') %></p>
    <input type="hidden" name="_csrf" value="<%= it.csrfToken %>">
    <input type="hidden" name="enabled" value="<%= it.enabled ? 'off' : 'on' %>">
    <button type="submit"><%= it.i18n.t(it.enabled ? 'partials.adminToggleTurnOff' : 'partials.adminToggleTurnOn') %></button>
  </fieldset>
</form>`;

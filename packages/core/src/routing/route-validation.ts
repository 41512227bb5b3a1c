import type { Route } from './route.js';

/**
 * Problems with the provider ids a route names, by path
 * (`route.failover[1]: unknown provider "ghost"`). Route functions are
 * opaque and checked per message instead.
 */
export function routeProblems(route: Route, providerIds: ReadonlySet<string>, path = 'route'): string[] {
  if (typeof route === 'string') {
    return providerIds.has(route) ? [] : [`${path}: unknown provider "${route}"`];
  }
  if (typeof route === 'function') return [];
  switch (route.strategy) {
    case 'failover':
    case 'roundRobin':
      return route.routes.flatMap((entry, index) =>
        routeProblems(entry, providerIds, `${path}.${route.strategy}[${index}]`),
      );
    case 'byCountry':
      return Object.entries(route.routes).flatMap(([region, entry]) =>
        routeProblems(entry, providerIds, `${path}.byCountry.${region}`),
      );
    case 'byChannel':
      return Object.entries(route.routes).flatMap(([channel, entry]) =>
        entry === undefined ? [] : routeProblems(entry, providerIds, `${path}.byChannel.${channel}`),
      );
    case 'whatsappFirst':
      return [
        ...routeProblems(route.whatsapp, providerIds, `${path}.whatsappFirst.whatsapp`),
        ...routeProblems(route.sms, providerIds, `${path}.whatsappFirst.sms`),
      ];
    case 'weighted':
      return route.entries.flatMap((entry) =>
        routeProblems(entry.route, providerIds, `${path}.weighted${entry.label}`),
      );
    case 'cheapest':
      return Object.keys(route.prices).flatMap((provider) =>
        providerIds.has(provider) ? [] : [`${path}.cheapest.${provider}: unknown provider "${provider}"`],
      );
  }
}

package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.model.IngressInfo;
import dev.gatehouse.controller.model.IngressInfo.BackendRef;
import dev.gatehouse.controller.model.ObjectRef;
import dev.gatehouse.dataplane.table.Backend;
import dev.gatehouse.dataplane.table.PathMatch;
import dev.gatehouse.dataplane.table.Route;
import dev.gatehouse.dataplane.table.VirtualHost;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns the {@code defaultBackend} and {@code rules} of our Ingresses into routes (issue #3 §2
 * "Rules"). Call {@link #translate} for each Ingress, oldest first.
 *
 * <ul>
 *   <li>An Ingress with neither rules nor a default backend nor TLS entries (e.g. no spec at all,
 *       which the API server rejects) is warned: it does nothing.</li>
 *   <li>A rule with an invalid host is dropped; a path with an invalid path or pathType is
 *       dropped; each with a warning. Everything else still works.</li>
 *   <li>Rules without a host go to {@link VirtualHost#ANY_HOST}; rules of several Ingresses for
 *       the same host merge into one virtual host.</li>
 *   <li>A route or default backend already claimed by an older Ingress (see
 *       {@link ConflictResolver}) is dropped with a warning; its backend is not resolved.</li>
 *   <li>Every kept route exists even when its backend cannot answer: requests then get 503 and
 *       the backend's problems become warnings.</li>
 * </ul>
 */
final class RuleTranslator {

    private final BackendResolver backends;
    private final ConflictResolver conflicts = new ConflictResolver();
    private final PathMatches matches = new PathMatches();
    private final Map<String, HostRoutes> routesByHost;
    /** The keys of {@link #routesByHost}, in the order they were added. */
    private final List<String> hostNames;
    private final Set<String> externalNames = new TreeSet<>();
    /**
     * One instance of each namespace and Service name the routes' origins carry: thousands of
     * Ingresses of a few namespaces and Services then share a few strings, which the access log of
     * every request reads and which stay in cache, instead of one cold copy per Ingress.
     */
    private final Map<String, String> originNames = new HashMap<>();
    private Backend defaultBackend;
    private Route.Origin defaultOrigin = Route.Origin.NONE;

    /** @param expectedRules how many rules will be translated, at most (sizes the host map once) */
    RuleTranslator(BackendResolver backends, int expectedRules) {
        this.backends = backends;
        this.routesByHost = new HashMap<>(Translator.capacity(expectedRules));
        this.hostNames = new ArrayList<>(expectedRules);
    }

    /** Adds the routes of one of our Ingresses; its warnings go to {@code warnings}, in field order. */
    void translate(IngressInfo ingress, List<Warning> warnings) {
        ObjectRef ref = ingress.ref();
        if (ingress.defaultBackend() == null && ingress.rules().isEmpty() && ingress.tls().isEmpty()) {
            // The API server rejects this ("either defaultBackend or rules must be specified"),
            // but folder manifests never went through it: say why the Ingress does nothing.
            warnings.add(Problem.warning(ref, "NoRules", "it has neither spec.rules nor spec.defaultBackend"
                    + " (is spec missing?), so it routes nothing",
                    "add spec.rules[].http.paths or spec.defaultBackend"));
        }
        if (ingress.defaultBackend() != null) {
            String field = Fields.DEFAULT_BACKEND;
            ConflictResolver.Claim winner = conflicts.claimDefault(ConflictResolver.Claim.defaultBackend(ref));
            if (winner == null) {
                defaultBackend = use(ingress, ingress.defaultBackend(), -1, -1, warnings);
                defaultOrigin = origin(ref, ingress.defaultBackend().serviceName());
            } else {
                warnings.add(Problem.warning(ref, "ConflictingDefaultBackend", field + " is ignored: the default"
                        + " backend is already set by " + ConflictResolver.winner(winner, ref),
                        "remove " + field + " from all but one Ingress"));
            }
        }
        List<IngressInfo.Rule> rules = ingress.rules();
        for (int i = 0; i < rules.size(); i++) {
            translateRule(ingress, rules.get(i), i, warnings);
        }
    }

    private void translateRule(IngressInfo ingress, IngressInfo.Rule rule, int ruleIndex, List<Warning> warnings) {
        ObjectRef ref = ingress.ref();
        String host = VirtualHost.ANY_HOST;
        if (rule.host() != null && !rule.host().isEmpty()) {
            IngressHosts.Checked checked = IngressHosts.check(rule.host());
            if (!checked.valid()) {
                warnings.add(Problem.warning(ref, "InvalidHost", Fields.rule(ruleIndex) + ".host \"" + rule.host()
                        + "\" " + checked.problem() + ", so the rule is ignored", checked.fix()));
                return;
            }
            host = checked.host();
        }
        HostRoutes hostRoutes = routesByHost.get(host);
        List<IngressInfo.Path> paths = rule.paths();
        for (int j = 0; j < paths.size(); j++) {
            IngressInfo.Path path = paths.get(j);
            IngressPaths.Checked checked = IngressPaths.check(path.path(), path.pathType(), ruleIndex, j, matches);
            if (checked.match() == null) {
                warnings.add(Problem.warning(ref, "InvalidPath", checked.problem() + ", so the path is ignored",
                        checked.fix()));
                continue;
            }
            if (path.backend() == null) {
                String field = Fields.path(ruleIndex, j);
                warnings.add(Problem.warning(ref, "InvalidBackend", field + " has no backend, so the path is"
                        + " ignored", "set " + field + ".backend.service"));
                continue;
            }
            PathMatch match = checked.match();
            ConflictResolver.Claim winner = hostRoutes == null ? null : hostRoutes.claimant(match);
            if (winner != null) {
                warnings.add(Problem.warning(ref, "ConflictingPath", (host.isEmpty() ? "rules without host"
                        : "host \"" + host + "\"") + ", path \"" + match.path() + "\" (" + path.pathType()
                        + ") is already routed by " + ConflictResolver.winner(winner, ref) + ", so "
                        + Fields.path(ruleIndex, j) + " is ignored", "remove one of them, or use another host or path"));
                continue;
            }
            Backend backend = use(ingress, path.backend(), ruleIndex, j, warnings);
            if (hostRoutes == null) {
                // Only now: a rule none of whose paths is kept must not create its host.
                hostRoutes = new HostRoutes(paths.size());
                routesByHost.put(host, hostRoutes);
                hostNames.add(host);
            }
            hostRoutes.add(new Route(match, backend, origin(ref, path.backend().serviceName())),
                    new ConflictResolver.Claim(ref, ruleIndex, j));
        }
    }

    /** The origin of a route of Ingress {@code ref} to Service {@code service} ({@code null}: none). */
    private Route.Origin origin(ObjectRef ref, String service) {
        return new Route.Origin(shared(ref.namespace()), ref.name(), service == null ? "" : shared(service));
    }

    private String shared(String name) {
        String known = originNames.putIfAbsent(name, name);
        return known == null ? name : known;
    }

    /** @param rule -1 for {@code spec.defaultBackend}, else the indices of the path that refers to it */
    private Backend use(IngressInfo ingress, BackendRef backendRef, int rule, int path, List<Warning> warnings) {
        BackendResolver.Resolution r = backends.resolve(ingress.ref().namespace(), backendRef);
        if (!r.problems().isEmpty()) {
            String field = rule < 0 ? Fields.DEFAULT_BACKEND : Fields.path(rule, path) + ".backend";
            for (Problem p : r.problems()) {
                warnings.add(p.toWarning(ingress.ref(), field));
            }
        }
        if (r.externalName() != null) {
            externalNames.add(r.externalName());
        }
        return r.backend();
    }

    /** The routes of every host, by host name. */
    Map<String, HostRoutes> routesByHost() {
        return routesByHost;
    }

    /** The host names of {@link #routesByHost()}, in the order they were added. */
    List<String> hostNames() {
        return hostNames;
    }

    /** The winning default backend, or {@code null}. */
    Backend defaultBackend() {
        return defaultBackend;
    }

    /** The Ingress and Service of the winning default backend. */
    Route.Origin defaultOrigin() {
        return defaultOrigin;
    }

    /** ExternalName hosts the kept routes depend on. */
    Set<String> externalNames() {
        return externalNames;
    }
}

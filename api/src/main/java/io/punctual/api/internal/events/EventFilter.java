package io.punctual.api.internal.events;

import io.punctual.StatusEvent;
import io.punctual.api.internal.auth.Caller;
import java.util.Set;

/**
 * Which status events a stream shows: of the namespaces asked for (none: every one the caller may
 * see), of one timer, of some types. An event without a namespace (a record rejected before its
 * namespace was known) is shown to an admin only.
 *
 * @param namespaces the namespaces asked for, each one the caller may see; empty for all of the
 *     caller's
 * @param timerId the timer, or null for all
 * @param types the types' names, or empty for all
 */
record EventFilter(Caller caller, Set<String> namespaces, String timerId, Set<String> types) {
  EventFilter {
    namespaces = Set.copyOf(namespaces);
    types = Set.copyOf(types);
  }

  boolean shows(StatusEvent event) {
    String namespace = event.getNamespace();
    boolean visible =
        namespace == null
            ? caller.admin() && namespaces.isEmpty()
            : caller.mayAccess(namespace)
                && (namespaces.isEmpty() || namespaces.contains(namespace));
    return visible
        && (timerId == null || timerId.equals(event.getTimerId()))
        && (types.isEmpty() || types.contains(event.getType().name()));
  }
}

package io.ramal.gateway.queue;

import io.ramal.extensions.Extension;
import io.ramal.extensions.Mode;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The queues that must be owned together: two queues that one attendant serves are matched by
 * one matchmaker (it picks the longest-waiting caller among them), so in a cluster they have one
 * owner node. A group is named after its first queue in alphabetical order; every node computes
 * the same groups from the same extension rows. Immutable.
 *
 * @param groupOf each queue's group name
 */
public record QueueGroups(Map<String, String> groupOf) {

    /** No queue. */
    public static final QueueGroups NONE = new QueueGroups(Map.of());

    public QueueGroups {
        groupOf = Map.copyOf(groupOf);
    }

    /** The groups of the enabled queue and agent extensions among {@code extensions}. */
    public static QueueGroups of(Collection<Extension> extensions) {
        Map<String, String> parent = new TreeMap<>();
        for (Extension e : extensions) {
            if (!e.enabled()) {
                continue;
            }
            if (e.mode() == Mode.QUEUE && e.modeSettings() instanceof QueueSettings q) {
                parent.putIfAbsent(q.queue(), q.queue());
            } else if (e.mode() == Mode.AGENT && e.modeSettings() instanceof AgentSettings a) {
                List<String> qs = a.queues();
                qs.forEach(q -> parent.putIfAbsent(q, q));
                for (String q : qs) {
                    union(parent, qs.get(0), q);
                }
            }
        }
        Map<String, String> groups = new TreeMap<>();
        parent.keySet().forEach(q -> groups.put(q, find(parent, q)));
        return new QueueGroups(groups);
    }

    /** The group of {@code queue}: the queue's own name when no extension names it yet. */
    public String group(String queue) {
        return groupOf.getOrDefault(queue, queue);
    }

    /** Every group's name. */
    public TreeSet<String> names() {
        return new TreeSet<>(groupOf.values());
    }

    /** The queues of group {@code group} (at least the group's own name). */
    public List<String> members(String group) {
        TreeSet<String> m = new TreeSet<>();
        m.add(group);
        groupOf.forEach((q, g) -> {
            if (g.equals(group)) {
                m.add(q);
            }
        });
        return List.copyOf(m);
    }

    private static String find(Map<String, String> parent, String q) {
        String p = parent.get(q);
        while (!p.equals(q)) {
            q = p;
            p = parent.get(q);
        }
        return q;
    }

    /** Joins the groups of {@code a} and {@code b}; the smaller name leads, so every node agrees. */
    private static void union(Map<String, String> parent, String a, String b) {
        String ra = find(parent, a);
        String rb = find(parent, b);
        if (ra.equals(rb)) {
            return;
        }
        if (ra.compareTo(rb) < 0) {
            parent.put(rb, ra);
        } else {
            parent.put(ra, rb);
        }
    }
}

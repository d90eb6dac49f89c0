package dev.taskledger.queue;

import dev.taskledger.common.ServiceException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The parents each item of one create names, checked before the transaction: a {@code depends_on} entry is the
 * {@code ref} of an <em>earlier</em> item of the same batch or the id of an existing task, so a batch can never form a
 * cycle. Whether the named tasks exist (in this tenant) is checked in the transaction ({@link #existingIds}).
 */
final class DependsOn {
    /** A parent of one item: an earlier item of the batch ({@code item} ≥ 0) or an existing task ({@code id}). */
    record Parent(int item, UUID id, String field) {}

    private final List<List<Parent>> parents;
    private final List<OnParentFailure> policies;
    private final Map<UUID, String> existing = new HashMap<>();

    private DependsOn(List<List<Parent>> parents, List<OnParentFailure> policies) {
        this.parents = parents;
        this.policies = policies;
    }

    /** Checks refs and depends_on of {@code requests}; {@code where.apply(i)} prefixes field names of item i. */
    static DependsOn of(List<TaskSpec> requests, java.util.function.IntFunction<String> where) {
        Map<String, Integer> refs = new HashMap<>();
        List<List<Parent>> parents = new ArrayList<>(requests.size());
        List<OnParentFailure> policies = new ArrayList<>(requests.size());
        int edges = 0;
        for (int i = 0; i < requests.size(); i++) {
            TaskSpec r = requests.get(i);
            String at = where.apply(i);
            if (r.ref() != null) {
                String ref = TaskLimits.optionalText(at + "ref", r.ref(), TaskLimits.MAX_REF_LENGTH);
                if (ref.isBlank()) {
                    throw ServiceException.invalid(at + "ref must not be blank");
                }
                if (refs.putIfAbsent(ref, i) != null) {
                    throw ServiceException.invalid(at + "ref '" + ref + "' is already the ref of item " + refs.get(ref)
                            + "; refs must be unique within a batch");
                }
            }
            if (r.dependsOn().size() > TaskLimits.MAX_PARENTS) {
                throw ServiceException.invalid(at + "depends_on names at most " + TaskLimits.MAX_PARENTS + " parents, got "
                        + r.dependsOn().size());
            }
            edges += r.dependsOn().size();
            if (edges > TaskLimits.MAX_BATCH_EDGES) {
                throw ServiceException.invalid("a batch creates at most " + TaskLimits.MAX_BATCH_EDGES + " depends_on edges");
            }
            List<Parent> mine = new ArrayList<>(r.dependsOn().size());
            Set<Object> seen = new LinkedHashSet<>();
            for (int k = 0; k < r.dependsOn().size(); k++) {
                Parent p = parent(r.dependsOn().get(k), refs, requests, i, at + "depends_on[" + k + "]");
                if (seen.add(p.item() >= 0 ? p.item() : p.id())) {
                    mine.add(p);
                }
            }
            parents.add(mine);
            policies.add(OnParentFailure.parse(at + "on_parent_failure", r.onParentFailure()));
        }
        DependsOn plan = new DependsOn(parents, policies);
        for (List<Parent> ps : parents) {
            for (Parent p : ps) {
                if (p.id() != null) {
                    plan.existing.putIfAbsent(p.id(), p.field());
                }
            }
        }
        return plan;
    }

    private static Parent parent(String entry, Map<String, Integer> refs, List<TaskSpec> requests, int item, String field) {
        if (entry == null || entry.isBlank()) {
            throw ServiceException.invalid(field + " must be a task id or the ref of an earlier item");
        }
        Integer earlier = refs.get(entry);
        if (earlier != null) {
            if (earlier == item) {
                throw ServiceException.invalid(field + ": a task cannot depend on itself (a cycle); it may depend only on "
                        + "earlier items of the batch or on existing tasks");
            }
            return new Parent(earlier, null, field);
        }
        for (int j = item; j < requests.size(); j++) {
            if (entry.equals(requests.get(j).ref())) {
                throw ServiceException.invalid(field + " names ref '" + entry + "' of " + (j == item ? "this item itself" : "a later item ("
                        + j + ")") + ": a task may depend only on earlier items of the batch or on existing tasks, so that "
                        + "a batch cannot form a cycle");
            }
        }
        try {
            return new Parent(-1, UUID.fromString(entry.trim()), field);
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalid(field + ": '" + shorten(entry) + "' is neither a task id nor the ref of an earlier item");
        }
    }

    private static String shorten(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }

    boolean hasParents(int item) {
        return !parents.get(item).isEmpty();
    }

    List<Parent> parentsOf(int item) {
        return parents.get(item);
    }

    OnParentFailure policyOf(int item) {
        return policies.get(item);
    }

    boolean any() {
        return parents.stream().anyMatch(p -> !p.isEmpty());
    }

    /** The ids of existing tasks named, each with the field that first named it. */
    Map<UUID, String> existingIds() {
        return existing;
    }
}

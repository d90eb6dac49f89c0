package dev.taskledger.bench;

import dev.taskledger.bench.Workloads.Measurement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How a freshly started server's throughput grows over its first tasks: {@code --curve-tasks} tasks in slices of
 * {@code --curve-slice}, each slice created as in W1 and then drained as in W2 (a new worker per slice), so each
 * slice gives a W1 and a W2 rate at that point of the server's life.
 */
final class WarmUpCurve {
    /** The share of the warm rate the goal asks a fresh server to reach. */
    static final double GOAL_SHARE = 0.9;

    /** The rates of the slice that ends after {@code tasks} tasks. */
    record Slice(int tasks, double w1Rate, double w2Rate) {}

    /**
     * The median of the trials per slice, and the warm rates: the median of the last slices
     * ({@link #warmSlices}), where the server has run the most tasks.
     *
     * @param w1Reached the first slice end at which W1 was at ≥ 90% of its warm rate and stayed there; -1 never
     */
    record Result(List<Slice> slices, int trials, double warmW1, double warmW2, int w1Reached, int w2Reached) {}

    private WarmUpCurve() {}

    /** One trial: the slices of one freshly started server. */
    static List<Slice> run(Workloads w, BenchConfig config) throws Exception {
        List<Slice> slices = new ArrayList<>();
        int slice = config.curveSlice();
        for (int done = 0; done < config.curveTasks(); done += slice) {
            int n = Math.min(slice, config.curveTasks() - done);
            Measurement create = w.enqueue(n, done);
            Measurement drain = w.drain(n);
            slices.add(new Slice(done + n, create.rate(), drain.rate()));
        }
        BenchMain.log("warm-up curve: first slice W1 %,.0f/s W2 %,.0f/s; last slice W1 %,.0f/s W2 %,.0f/s",
                slices.getFirst().w1Rate(), slices.getFirst().w2Rate(), slices.getLast().w1Rate(), slices.getLast().w2Rate());
        return slices;
    }

    static Result summarize(List<List<Slice>> trials) {
        int count = trials.getFirst().size();
        List<Slice> medians = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            int index = k;
            medians.add(new Slice(trials.getFirst().get(k).tasks(),
                    median(trials.stream().mapToDouble(t -> t.get(index).w1Rate()).toArray()),
                    median(trials.stream().mapToDouble(t -> t.get(index).w2Rate()).toArray())));
        }
        List<Slice> tail = medians.subList(count - warmSlices(count), count);
        double warmW1 = median(tail.stream().mapToDouble(Slice::w1Rate).toArray());
        double warmW2 = median(tail.stream().mapToDouble(Slice::w2Rate).toArray());
        return new Result(medians, trials.size(), warmW1, warmW2,
                reached(medians.stream().mapToDouble(Slice::w1Rate).toArray(), medians, warmW1),
                reached(medians.stream().mapToDouble(Slice::w2Rate).toArray(), medians, warmW2));
    }

    /** How many of the last slices make the warm rate: a fifth of them, 1 to 5. */
    static int warmSlices(int count) {
        return Math.max(1, Math.min(5, count / 5));
    }

    private static int reached(double[] rates, List<Slice> slices, double warm) {
        int from = -1;
        for (int k = rates.length - 1; k >= 0 && rates[k] >= GOAL_SHARE * warm; k--) {
            from = slices.get(k).tasks();
        }
        return from;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}

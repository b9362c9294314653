package io.github.sparkbackprop.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.TaskInfo;
import org.apache.spark.executor.TaskMetrics;

/**
 * Where a training pass's time goes besides the arithmetic, from Spark's own timestamps: a
 * listener that records every job and task between {@link #start()} and {@link #stop()}, and sums
 * them up per job as medians.
 */
final class JobTimeline extends SparkListener {

  private final Map<Integer, Integer> jobOfStage = new ConcurrentHashMap<>();
  private final Map<Integer, Long> jobStart = new ConcurrentHashMap<>();
  private final List<long[]> jobs = new ArrayList<>();
  private final List<long[]> tasks = new ArrayList<>();
  private volatile boolean recording;

  /** Forgets what was recorded and records from now on. */
  synchronized void start() {
    jobs.clear();
    tasks.clear();
    recording = true;
  }

  /** Stops recording; what was recorded stays for {@link #medians()}. */
  void stop() {
    recording = false;
  }

  @Override
  public void onJobStart(SparkListenerJobStart event) {
    jobStart.put(event.jobId(), event.time());
    scala.collection.Iterator<Object> stages = event.stageIds().iterator();
    while (stages.hasNext()) {
      jobOfStage.put((Integer) stages.next(), event.jobId());
    }
  }

  @Override
  public synchronized void onJobEnd(SparkListenerJobEnd event) {
    Long start = jobStart.remove(event.jobId());
    if (recording && start != null) {
      jobs.add(new long[] {event.jobId(), start, event.time()});
    }
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd event) {
    TaskInfo info = event.taskInfo();
    TaskMetrics metrics = event.taskMetrics();
    if (!recording || metrics == null) {
      return;
    }
    long gettingResult = info.gettingResultTime();
    tasks.add(new long[] {
        jobOfStage.getOrDefault(event.stageId(), -1), info.launchTime(), info.finishTime(),
        metrics.executorRunTime(), metrics.executorDeserializeTime(),
        gettingResult > 0 ? info.finishTime() - gettingResult : 0});
  }

  /**
   * Medians in milliseconds over the recorded jobs but the first (whose gap to a previous job is
   * unknown): {@code gapBeforeJob} (the driver between two jobs: the optimiser's step, the next
   * broadcast, setting up the job), {@code jobToFirstLaunch}, {@code slowestTaskRun} (the
   * arithmetic of the slowest task), {@code taskDeserialize}, {@code taskResultFetch} (bringing
   * back a result too large to travel with the task's status), {@code taskOtherOverhead} (the
   * rest of a task's time beyond its run), {@code lastTaskToJobEnd} and {@code job}.
   */
  synchronized Map<String, Double> medians() {
    List<long[]> sorted = new ArrayList<>(jobs);
    sorted.sort((a, b) -> Long.compare(a[1], b[1]));
    int n = sorted.size() - 1;
    double[][] columns = new double[8][Math.max(0, n)];
    for (int i = 1; i < sorted.size(); i++) {
      long[] job = sorted.get(i);
      long firstLaunch = Long.MAX_VALUE;
      long lastFinish = 0;
      long slowestRun = 0;
      List<long[]> own = new ArrayList<>();
      for (long[] t : tasks) {
        if (t[0] == job[0]) {
          own.add(t);
          firstLaunch = Math.min(firstLaunch, t[1]);
          lastFinish = Math.max(lastFinish, t[2]);
          slowestRun = Math.max(slowestRun, t[3]);
        }
      }
      int j = i - 1;
      columns[0][j] = job[1] - sorted.get(i - 1)[2];
      columns[1][j] = own.isEmpty() ? 0 : firstLaunch - job[1];
      columns[2][j] = slowestRun;
      columns[3][j] = median(own, t -> t[4]);
      columns[4][j] = median(own, t -> t[5]);
      columns[5][j] = median(own, t -> (t[2] - t[1]) - t[3] - t[4] - t[5]);
      columns[6][j] = own.isEmpty() ? 0 : job[2] - lastFinish;
      columns[7][j] = job[2] - job[1];
    }
    String[] names = {"gapBeforeJob", "jobToFirstLaunch", "slowestTaskRun", "taskDeserialize",
        "taskResultFetch", "taskOtherOverhead", "lastTaskToJobEnd", "job"};
    Map<String, Double> out = new java.util.LinkedHashMap<>();
    for (int c = 0; c < names.length; c++) {
      out.put(names[c], n > 0 ? Benchmark.median(columns[c]) : Double.NaN);
    }
    return out;
  }

  private static double median(List<long[]> rows, java.util.function.ToLongFunction<long[]> f) {
    double[] v = new double[rows.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = f.applyAsLong(rows.get(i));
    }
    return v.length == 0 ? 0 : Benchmark.median(v);
  }
}

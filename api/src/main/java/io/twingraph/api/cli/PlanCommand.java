package io.twingraph.api.cli;

import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import io.twingraph.api.http.Json;
import io.twingraph.planners.problem.EnergyProblem;
import io.twingraph.planners.problem.ProblemFiles;
import io.twingraph.planners.solve.EnergyPlanner;
import io.twingraph.planners.solve.Plan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code twingraph plan FILE} plans a JSON problem file in this process; {@code twingraph plan} without a file asks
 * the running TwinGraph to plan its own devices ({@code POST /api/plans}) and waits for the plan. Both print the
 * schedule, cost, baseline and savings (or the plan as JSON with {@code --json}); the exit code is 1 when the plan
 * breaks a hard constraint. With {@code --execute} the server then carries the plan out.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Plan loads, battery and EV charging against tariffs and PV: a problem file, or the running server's devices.")
final class PlanCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "A JSON problem file (see the planners README).")
    Path file;

    @Option(names = "--time-limit", defaultValue = "10s", converter = DurationOption.class,
            description = "Longest solve (default: ${DEFAULT-VALUE}).")
    Duration timeLimit;

    @Option(names = "--json", description = "Print the plan as JSON.")
    boolean json;

    @Option(names = "--hours", defaultValue = "24", description = "Server mode: horizon in hours (default: ${DEFAULT-VALUE}).")
    double hours;

    @Option(names = "--slot-minutes", defaultValue = "30", description = "Server mode: slot length (default: ${DEFAULT-VALUE}).")
    int slotMinutes;

    @Option(names = "--price", split = ",",
            description = "Server mode: import price per kWh, one a slot or one for all (default: the graph's tariff slots).")
    List<Double> importPrice;

    @Option(names = "--export-price", split = ",", description = "Server mode: export price per kWh.")
    List<Double> exportPrice;

    @Option(names = "--objective", defaultValue = "cost", description = "cost, co2 or self-consumption (default: ${DEFAULT-VALUE}).")
    String objective;

    @Option(names = "--execute", description = "Server mode: carry the plan out once solved (POST /api/plans/{id}/execute); "
            + "it replaces the plan executed before. Stop it with DELETE /api/plans/{id}/execute.")
    boolean execute;

    @Mixin
    RunningServer server;

    @Spec
    CommandSpec spec;

    /** The server's plan id, once {@link #remote()} made one. */
    private String planUrl;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (execute && file != null) {
            throw new IllegalArgumentException("--execute carries out a plan of the running server: leave out FILE");
        }
        Plan plan = file != null ? local() : remote();
        if (json) {
            out.println(ProblemFiles.write(plan));
        } else {
            print(plan, out);
        }
        if (execute && plan.feasible()) {
            executeRemote(out);
        }
        out.flush();
        return plan.feasible() ? 0 : 1;
    }

    /** Asks the server to carry the plan out and says how it stands. */
    private void executeRemote(PrintWriter out) throws Exception {
        HttpResponse<String> r = RunningServer.HTTP.send(server.request(planUrl + "/execute")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answer = Json.MAPPER.readTree(r.body());
        if (r.statusCode() != 202) {
            throw new IllegalStateException("the plan could not be executed: " + answer.path("message").asText(r.body()));
        }
        out.printf(Locale.ROOT, "Executing: %s (state %s); follow it with GET %s, stop it with DELETE %s/execute%n",
                answer.path("id").asText(), answer.at("/execution/state").asText(), planUrl, planUrl);
    }

    private Plan local() {
        EnergyProblem problem = ProblemFiles.read(file);
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("ai.timefold.solver"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        return new EnergyPlanner().plan(problem, new EnergyPlanner.Limits(timeLimit, null), null).plan();
    }

    private Plan remote() throws Exception {
        String base = server.find().orElseThrow(() -> new IllegalArgumentException(
                "no running TwinGraph found (start one with 'twingraph demo', or give --server URL), or give a problem FILE"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("horizonHours", hours);
        body.put("slotMinutes", slotMinutes);
        body.put("objective", objective);
        body.put("timeLimitSeconds", timeLimit.toMillis() / 1000.0);
        if (importPrice != null) {
            body.put("importPrice", importPrice);
        }
        if (exportPrice != null) {
            body.put("exportPrice", exportPrice);
        }
        HttpResponse<String> created = RunningServer.HTTP.send(server.request(base + "/api/plans")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        Json.MAPPER.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answer = Json.MAPPER.readTree(created.body());
        if (created.statusCode() != 202) {
            throw new IllegalArgumentException(answer.path("message").asText(created.body()));
        }
        String self = base + answer.get("links").get("self").asText();
        planUrl = self;
        long deadline = System.nanoTime() + timeLimit.plusSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(500);
            JsonNode job = Json.MAPPER.readTree(RunningServer.HTTP.send(server.request(self).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            String status = job.path("status").asText();
            if (status.equals("failed")) {
                throw new IllegalStateException("planning failed: " + job.path("error").asText());
            }
            if (!status.equals("solving")) {
                return ProblemFiles.MAPPER.treeToValue(job.get("plan"), Plan.class);
            }
        }
        throw new IllegalStateException("the plan did not finish in time: " + self);
    }

    static void print(Plan plan, PrintWriter out) {
        out.printf(Locale.ROOT, "Plan from %s, %d slots of %d min, objective %s: %s (score %s, solved in %.1f s)%n",
                plan.start(), plan.slots(), plan.slotMinutes(), plan.objective(), plan.status(), plan.score(),
                plan.solveMillis() / 1000.0);
        for (Plan.DeviceSchedule d : plan.devices()) {
            if (d.runs() != null) {
                out.printf(Locale.ROOT, "  %-24s %s%n", d.id(), d.runs().isEmpty() ? "not run"
                        : String.join(", ", d.runs().stream().map(r -> r.from() + " - " + r.to()).toList()));
            } else {
                StringBuilder levels = new StringBuilder();
                for (double w : d.powerW()) {
                    levels.append(w > 0 ? '+' : w < 0 ? '-' : '.');
                }
                out.printf(Locale.ROOT, "  %-24s %s (+ charge, - discharge), charge at end %.1f %%%n", d.id(), levels,
                        d.socPercent().get(d.socPercent().size() - 1));
            }
        }
        out.printf(Locale.ROOT, "  cost      %10.4f %s (import %.2f kWh, export %.2f kWh, CO2 %.2f kg)%n",
                plan.planned().cost(), plan.currency(), plan.planned().importKwh(), plan.planned().exportKwh(), plan.planned().co2Kg());
        out.printf(Locale.ROOT, "  baseline  %10.4f %s (every load as soon as it may, battery idle)%n", plan.baseline().cost(), plan.currency());
        out.printf(Locale.ROOT, "  savings   %10.4f %s%s%n", plan.savings(), plan.currency(),
                plan.savingsPercent() == null ? "" : String.format(Locale.ROOT, " (%.1f %%)", plan.savingsPercent()));
        out.println("  score explanation:");
        for (Plan.ConstraintImpact c : plan.explanation()) {
            out.printf(Locale.ROOT, "    %-4s %-34s %14d%s%n", c.level(), c.constraint(), c.score(),
                    c.amount() == null ? "" : String.format(Locale.ROOT, "  (%.4f %s)", c.amount(), plan.currency()));
        }
        if (plan.brokenConstraints() != null) {
            out.println("  INFEASIBLE: broken hard constraints " + plan.brokenConstraints());
        }
    }
}

package io.twingraph.nl.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * An {@link AgentTools} for tests: records every call (tool name and arguments, in order) and answers with what the
 * test configured; a configured answer function may throw to play a failing tool.
 */
final class RecordingTools implements AgentTools {

    /** One call as the agent made it. */
    record Call(String tool, List<Object> args) {
    }

    private final List<Call> calls = new ArrayList<>();
    private Function<String, String> select = q -> "{\"head\":{\"vars\":[\"x\"]},\"rows\":[]}";
    private Function<String, String> listThings = f -> "[]";
    private Function<List<String>, String> sendCommand = a -> "applied and confirmed";
    private Function<List<Object>, String> setGoal = a -> "goal set";

    RecordingTools onSelect(Function<String, String> answer) {
        this.select = answer;
        return this;
    }

    RecordingTools onListThings(Function<String, String> answer) {
        this.listThings = answer;
        return this;
    }

    RecordingTools onSendCommand(Function<List<String>, String> answer) {
        this.sendCommand = answer;
        return this;
    }

    RecordingTools onSetGoal(Function<List<Object>, String> answer) {
        this.setGoal = answer;
        return this;
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    synchronized List<Call> calls(String tool) {
        return calls.stream().filter(c -> c.tool().equals(tool)).toList();
    }

    private synchronized void record(String tool, Object... args) {
        calls.add(new Call(tool, List.of(args)));
    }

    @Override
    public String select(String sparql) {
        record(LlmAgent.SELECT, sparql);
        return select.apply(sparql);
    }

    @Override
    public String listThings(String filter) {
        record(LlmAgent.LIST_THINGS, filter);
        return listThings.apply(filter);
    }

    @Override
    public String sendCommand(String thingId, String property, String valueJson) {
        record(LlmAgent.SEND_COMMAND, thingId, property, valueJson);
        return sendCommand.apply(List.of(thingId, property, valueJson));
    }

    @Override
    public String setGoal(String room, String quantity, double target, String when) {
        record(LlmAgent.SET_GOAL, room, quantity, target, when);
        return setGoal.apply(List.of(room, quantity, target, when));
    }

    /** The calls as "tool(arg, arg)" lines, for readable assertion failures. */
    @Override
    public synchronized String toString() {
        List<String> lines = new ArrayList<>();
        for (Call c : calls) {
            lines.add(c.tool() + c.args());
        }
        return String.join("\n", lines);
    }
}

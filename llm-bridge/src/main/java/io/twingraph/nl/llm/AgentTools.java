package io.twingraph.nl.llm;

/**
 * What the language model may do, implemented by the language service ({@code io.twingraph.nl}) and offered to the
 * model by {@link LlmAgent} as tools. Each method returns text for the model to read: short, and JSON where the
 * result has structure.
 *
 * <p>A method that cannot do what was asked should throw {@link io.twingraph.error.TwinGraphException} with a message
 * the model can act on ("no thing home1:lamp; things are ..."): the agent passes the message to the model as the
 * tool's result, marked as an error, and the model may try again. Other exceptions reach the model as "the tool
 * failed" only, and are logged.
 */
public interface AgentTools {

    /**
     * Runs a SPARQL SELECT or ASK query. The agent passes the query already checked by its
     * {@link io.twingraph.engine.query.QueryGuard} (with the LIMIT it set); implementations run it through the same
     * guard ({@code QueryGuard.run}).
     *
     * @return the result as compact text or JSON, e.g. the variables and at most the guard's limit of rows
     */
    String select(String sparql);

    /**
     * The things (devices) whose name, aliases, room, kind or id match a free-text filter, with their current values.
     *
     * @param filter free text such as "kitchen light" or "temperature"; empty for all things
     * @return one line or JSON object per thing: id, name, room, kind, properties with values
     */
    String listThings(String filter);

    /**
     * Sends a command to a thing and says whether the device really changed.
     *
     * @param thingId   the thing's id, e.g. {@code home1:kitchen-light}
     * @param property  feature and property, e.g. {@code light/on} or {@code light/brightness}
     * @param valueJson the new value as JSON text: {@code true}, {@code 40}, {@code "eco"}
     * @return the outcome: applied and confirmed, applied but not confirmed, or refused with the reason
     */
    String sendCommand(String thingId, String property, String valueJson);

    /**
     * Sets a goal the rules pursue, e.g. 21 degrees in the bedroom while occupied.
     *
     * @param room     the room's IRI (or its label, when it names one room)
     * @param quantity {@code temperature}, {@code humidity}, {@code co2} or {@code light}
     * @param target   the target in the quantity's unit (degC, %, ppm; light: 1 on, 0 off)
     * @param when     {@code always} or {@code occupied}
     * @return what was set, or why not
     */
    String setGoal(String room, String quantity, double target, String when);
}

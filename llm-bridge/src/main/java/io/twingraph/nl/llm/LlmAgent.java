package io.twingraph.nl.llm;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.twingraph.engine.query.GuardedQuery;
import io.twingraph.engine.query.QueryGuard;
import io.twingraph.error.TwinGraphException;

/**
 * Answers what TwinGraph's local parser cannot: sends the question with graph context to a language model (an
 * OpenAI-compatible server or Ollama, through LangChain4j), lets the model call {@link AgentTools} (SPARQL, the
 * things, commands, goals) for up to {@link LlmSettings#maxToolRounds()} rounds, and returns its answer with every
 * tool call and every SPARQL query that ran.
 *
 * <p>Every SPARQL query the model writes goes through a {@link QueryGuard} before it reaches
 * {@link AgentTools#select}: a refused one (an update, SERVICE, a graph outside the allowed set) never runs, and the
 * refusal is given back to the model as the tool's result, so it can write a better query. Errors of the tools reach
 * the model the same way. Errors of the model server (unreachable, HTTP errors, time-outs, answers that cannot be
 * read) end the question with a {@link TwinGraphException} naming the server, kind
 * {@link TwinGraphException.Kind#UNAVAILABLE} (or {@link TwinGraphException.Kind#TIMEOUT} when it did not answer in
 * time); requests are not retried. Thread-safe: one agent serves many questions at once.
 */
public final class LlmAgent {
    private static final Logger LOG = LoggerFactory.getLogger(LlmAgent.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Reads one JSON value and fails on anything after it ("21.5 degrees" is not JSON). */
    private static final ObjectReader STRICT = JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** Longest tool result handed to the model; longer ones are cut (the context window is the model's memory). */
    static final int MAX_TOOL_RESULT = 16_000;

    static final String SELECT = "select";
    static final String LIST_THINGS = "listThings";
    static final String SEND_COMMAND = "sendCommand";
    static final String SET_GOAL = "setGoal";

    static final List<ToolSpecification> TOOLS = List.of(
            ToolSpecification.builder()
                    .name(SELECT)
                    .description("Runs one read-only SPARQL 1.1 SELECT or ASK query on TwinGraph's knowledge graph and "
                            + "returns the result. The prefixes rdf, rdfs, xsd, owl, skos, brick, saref, sosa, prov, unit, "
                            + "tg, thing and site are predeclared. Updates and SERVICE are refused; a LIMIT is added (at "
                            + "most 100 rows) and the query is cancelled after 2 seconds.")
                    .parameters(JsonObjectSchema.builder()
                            .addStringProperty("sparql", "The SPARQL SELECT or ASK query.")
                            .required("sparql")
                            .build())
                    .build(),
            ToolSpecification.builder()
                    .name(LIST_THINGS)
                    .description("Lists the things (devices) whose name, alias, room, kind or id matches the filter, "
                            + "with their ids, rooms, kinds and current property values.")
                    .parameters(JsonObjectSchema.builder()
                            .addStringProperty("filter", "Free text such as 'kitchen light' or 'temperature'; empty "
                                    + "for every thing.")
                            .required("filter")
                            .build())
                    .build(),
            ToolSpecification.builder()
                    .name(SEND_COMMAND)
                    .description("Sets a property of a thing (switches a light, sets a thermostat...) and reports "
                            + "whether the device really changed.")
                    .parameters(JsonObjectSchema.builder()
                            .addStringProperty("thingId", "The thing's id as in the graph (tg:thingId), e.g. "
                                    + "'home1:kitchen-light'.")
                            .addStringProperty("property", "Feature and property, e.g. 'light/on', 'light/brightness', "
                                    + "'thermostat/setpoint'.")
                            .addStringProperty("value", "The new value as JSON: true, false, 40, 21.5 or \"eco\".")
                            .required("thingId", "property", "value")
                            .build())
                    .build(),
            ToolSpecification.builder()
                    .name(SET_GOAL)
                    .description("Sets a standing goal for a room that TwinGraph's rules then pursue, e.g. 21 degC in "
                            + "the bedroom while it is occupied.")
                    .parameters(JsonObjectSchema.builder()
                            .addStringProperty("room", "The room's IRI from the graph (preferred) or its name.")
                            .addEnumProperty("quantity", List.of("temperature", "humidity", "co2", "light"),
                                    "What the goal is about.")
                            .addNumberProperty("target", "The target in the quantity's unit: degC, % relative "
                                    + "humidity, ppm CO2; light 1 for on, 0 for off.")
                            .addEnumProperty("when", List.of("always", "occupied"),
                                    "Whether the goal holds always or only while the room is occupied.")
                            .required("room", "quantity", "target", "when")
                            .build())
                    .build());

    static final String SYSTEM_PROMPT = """
            You are the assistant of TwinGraph. TwinGraph mirrors the devices of homes and buildings ("things", digital \
            twins) into an RDF knowledge graph, and its rules pursue goals (temperatures, air quality, light). Answer \
            questions about the building and its devices and carry out requests, using the tools. Answer briefly, in \
            the language of the question. Never invent devices, rooms, ids or values: look them up with the tools or \
            take them from the graph context in the question. Say plainly when something is not in the graph, or when \
            a command did not take effect.

            Tools: select (a read-only SPARQL SELECT or ASK query), listThings (devices with their rooms and current \
            values), sendCommand (change a device property), setGoal (a standing target for a room).

            The graph. Prefixes need no PREFIX lines: rdf rdfs xsd owl skos brick \
            (https://brickschema.org/schema/Brick#) saref (https://saref.etsi.org/core/) sosa prov unit (QUDT units) \
            tg (https://twingraph.io/ns#) thing (https://twingraph.io/thing/) site (https://twingraph.io/site/).
            - Rooms: ?room a brick:Room ; rdfs:label "Kitchen" ; skos:altLabel "other name" ; brick:isPartOf ?floor . \
            Floors: ?floor a brick:Floor ; rdfs:label ?floorName ; brick:isPartOf ?building. brick:hasPart is the \
            inverse.
            - Things: ?thing a tg:Thing, saref:Device, and the Brick or SAREF class of its kind (brick:Luminaire, \
            saref:Sensor...) ; tg:thingId "home1:kitchen-light" (the id commands take) ; rdfs:label "Kitchen light" ; \
            skos:altLabel "ceiling light" ; brick:hasLocation ?room . Switchable things also have saref:hasState \
            saref:OnState or saref:OffState (or saref:OpenState, saref:CloseState).
            - Properties: each property of a thing is a point: ?thing brick:hasPoint ?point . ?point a \
            brick:Air_Temperature_Sensor (or brick:Relative_Humidity_Sensor, brick:CO2_Level_Sensor, \
            brick:On_Off_Status, brick:Luminance_Command, brick:Zone_Air_Temperature_Setpoint, brick:Motion_Sensor, \
            brick:Occupancy_Status, brick:Active_Power_Sensor...) ; tg:ofFeature ?feature ; tg:propertyPath "/on" ; \
            brick:hasUnit ?unit ; brick:lastKnownValue ?obs . ?obs sosa:hasSimpleResult ?value ; sosa:resultTime ?time. \
            ?feature tg:featureId "light". A command's property is the feature id and the path: "light/on". Points \
            with tg:desired true are desired values, not measurements.
            - Named graphs: <https://twingraph.io/graph/topology> (building models), \
            <https://twingraph.io/graph/topology/simulation> (simulated homes), <https://twingraph.io/graph/live> \
            (the things and their current values), <https://twingraph.io/graph/decisions> (rule decisions, PROV-O), \
            <https://twingraph.io/graph/plans> (energy plans). The default graph is their union: GRAPH is rarely needed.
            Example, the temperature of every room:
            SELECT ?name ?t WHERE { ?room a brick:Room ; rdfs:label ?name . ?d brick:hasLocation ?room ; \
            brick:hasPoint ?p . ?p a brick:Air_Temperature_Sensor ; brick:lastKnownValue/sosa:hasSimpleResult ?t }
            Match names without case over rdfs:label and skos:altLabel: \
            FILTER(CONTAINS(LCASE(STR(?label)), "kitchen")).""";

    static final String NO_MORE_TOOLS = "(TwinGraph: no more tool calls are possible for this question. Answer now "
            + "from the results above, and say what you could not find out.)";

    private final LlmSettings settings;
    private final QueryGuard guard;
    private final ChatModel model;

    /** An agent for these settings, checking SPARQL with {@link QueryGuard#defaults()}. */
    public LlmAgent(LlmSettings settings) {
        this(settings, QueryGuard.defaults());
    }

    /**
     * An agent for these settings, checking SPARQL with the given guard (the {@link AgentTools} implementation should
     * run queries through the same one).
     */
    public LlmAgent(LlmSettings settings, QueryGuard guard) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.guard = Objects.requireNonNull(guard, "guard");
        this.model = model(settings);
    }

    public LlmSettings settings() {
        return settings;
    }

    private static ChatModel model(LlmSettings s) {
        if (s.provider().equals(LlmSettings.OLLAMA)) {
            return OllamaChatModel.builder()
                    .baseUrl(s.baseUrl())
                    .modelName(s.model())
                    .timeout(s.timeout())
                    .maxRetries(0)
                    .build();
        }
        return OpenAiChatModel.builder()
                .baseUrl(s.baseUrl())
                .apiKey(s.hasApiKey() ? s.apiKey() : null)
                .modelName(s.model())
                .timeout(s.timeout())
                .maxRetries(0)
                .build();
    }

    /**
     * Answers a question.
     *
     * @param question     what the person asked
     * @param graphContext what was retrieved from the graph for this question (rooms, things, ids); may be empty
     * @param tools        what the model may do
     * @throws TwinGraphException kind UNAVAILABLE ({@code llm:model.unavailable}) or TIMEOUT
     *                            ({@code llm:model.timeout}) when the model server fails; the message names its URL
     */
    public AgentAnswer ask(String question, String graphContext, AgentTools tools) {
        Objects.requireNonNull(tools, "tools");
        if (question == null || question.isBlank()) {
            throw new TwinGraphException("llm:question.missing", TwinGraphException.Kind.INVALID, "No question given.",
                    null);
        }
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(SystemMessage.from(SYSTEM_PROMPT));
        messages.add(UserMessage.from(userMessage(question, graphContext)));
        List<ToolCallRecord> calls = new ArrayList<>();
        List<String> sparql = new ArrayList<>();
        for (int round = 0; ; round++) {
            boolean toolsOffered = round < settings.maxToolRounds();
            ChatRequest.Builder request = ChatRequest.builder().messages(messages);
            if (toolsOffered) {
                request.toolSpecifications(TOOLS);
            }
            AiMessage reply = chat(request.build()).aiMessage();
            if (reply == null || !reply.hasToolExecutionRequests()) {
                String text = reply == null || reply.text() == null ? "" : reply.text().strip();
                return new AgentAnswer(text.isEmpty() ? "(The model gave no answer.)" : text, calls, sparql);
            }
            if (!toolsOffered) {
                // asked to answer without tools, it asked for tools again
                int rounds = settings.maxToolRounds();
                return new AgentAnswer("I could not finish within " + rounds + (rounds == 1 ? " round" : " rounds")
                        + " of looking things up; please ask a narrower question.", calls, sparql);
            }
            messages.add(reply);
            for (ToolExecutionRequest call : reply.toolExecutionRequests()) {
                ToolCallRecord record = execute(call, tools, sparql);
                calls.add(record);
                messages.add(ToolExecutionResultMessage.from(call, record.result()));
            }
            if (round + 1 == settings.maxToolRounds()) {
                messages.add(UserMessage.from(NO_MORE_TOOLS));
            }
        }
    }

    static String userMessage(String question, String graphContext) {
        StringBuilder sb = new StringBuilder("Question: ").append(question.strip());
        if (graphContext != null && !graphContext.isBlank()) {
            sb.append("\n\nFrom the graph (retrieved for this question; may be incomplete):\n").append(graphContext.strip());
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // tools

    /** A call the model got wrong: the message goes back to it. */
    private static final class BadCall extends Exception {
        private static final long serialVersionUID = 1L;

        BadCall(String message) {
            super(message, null, false, false);
        }
    }

    private ToolCallRecord execute(ToolExecutionRequest call, AgentTools tools, List<String> sparql) {
        String name = call.name() == null ? "" : call.name();
        String arguments = call.arguments();
        try {
            JsonNode args = arguments(arguments);
            String result = switch (name) {
                case SELECT -> {
                    GuardedQuery query = guard.check(text(args, "sparql", true));
                    sparql.add(query.text());
                    yield tools.select(query.text());
                }
                case LIST_THINGS -> tools.listThings(text(args, "filter", false));
                case SEND_COMMAND -> tools.sendCommand(text(args, "thingId", true), text(args, "property", true),
                        jsonValue(args, "value"));
                case SET_GOAL -> tools.setGoal(text(args, "room", true), quantity(args), number(args, "target"),
                        when(args));
                default -> throw new BadCall("There is no tool named '" + name + "'; the tools are " + SELECT + ", "
                        + LIST_THINGS + ", " + SEND_COMMAND + " and " + SET_GOAL + ".");
            };
            return new ToolCallRecord(call.id(), name, arguments, cut(result == null ? "" : result), false);
        } catch (BadCall e) {
            return failed(call, name, "Error: " + e.getMessage());
        } catch (TwinGraphException e) {
            String description = e.description() == null ? "" : " " + e.description();
            return failed(call, name, "Error: " + e.getMessage() + description);
        } catch (RuntimeException e) {
            LOG.warn("The tool {} failed on {}", name, arguments, e);
            return failed(call, name, "Error: the tool " + name + " failed unexpectedly; try something else.");
        }
    }

    private static ToolCallRecord failed(ToolExecutionRequest call, String name, String message) {
        return new ToolCallRecord(call.id(), name, call.arguments(), message, true);
    }

    private static JsonNode arguments(String text) throws BadCall {
        if (text == null || text.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = STRICT.readTree(text);
            if (node == null || !node.isObject()) {
                throw new BadCall("The arguments must be a JSON object.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadCall("The arguments are not valid JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * A text argument: a string, or a number or boolean as its text. An object or array is refused (it would reach the
     * tool as JSON text, e.g. two thing ids as one); a required one must not be blank.
     */
    private static String text(JsonNode args, String field, boolean required) throws BadCall {
        JsonNode v = args.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new BadCall("The argument '" + field + "' is missing.");
            }
            return "";
        }
        if (!v.isValueNode()) {
            throw new BadCall("The argument '" + field + "' must be one text value, not "
                    + (v.isArray() ? "a list" : "an object") + ".");
        }
        String text = v.asText();
        if (required && text.isBlank()) {
            throw new BadCall("The argument '" + field + "' is empty.");
        }
        return text;
    }

    private static final List<String> QUANTITIES = List.of("temperature", "humidity", "co2", "light");

    private static String quantity(JsonNode args) throws BadCall {
        String quantity = text(args, "quantity", true).trim().toLowerCase(Locale.ROOT);
        if (!QUANTITIES.contains(quantity)) {
            throw new BadCall("The argument 'quantity' must be one of " + String.join(", ", QUANTITIES) + ", not '"
                    + quantity + "'.");
        }
        return quantity;
    }

    /** The value as JSON text: a JSON value as it is; a string that holds JSON as it is; any other string quoted. */
    private static String jsonValue(JsonNode args, String field) throws BadCall {
        JsonNode v = args.get(field);
        if (v == null || v.isNull()) {
            // JSON null is no value to set a device property to
            throw new BadCall("The argument '" + field + "' is missing.");
        }
        if (!v.isTextual()) {
            return v.toString();
        }
        try {
            JsonNode parsed = STRICT.readTree(v.asText());
            return parsed == null || parsed.isMissingNode() ? v.toString() : parsed.toString();
        } catch (JsonProcessingException notJson) {
            return v.toString();
        }
    }

    /** A finite number, given as a JSON number or as text holding one ("21.5"); not NaN or Infinity. */
    private static double number(JsonNode args, String field) throws BadCall {
        JsonNode v = args.get(field);
        double d = Double.NaN;
        if (v != null && v.isNumber()) {
            d = v.asDouble();
        } else if (v != null && v.isTextual()) {
            try {
                d = Double.parseDouble(v.asText().trim());
            } catch (NumberFormatException e) {
                // not a number: refused below
            }
        }
        if (!Double.isFinite(d)) {
            throw new BadCall("The argument '" + field + "' must be a number.");
        }
        return d;
    }

    private static String when(JsonNode args) throws BadCall {
        String when = text(args, "when", false).trim().toLowerCase(Locale.ROOT);
        if (when.isEmpty()) {
            return "always";
        }
        if (!when.equals("always") && !when.equals("occupied")) {
            throw new BadCall("The argument 'when' must be 'always' or 'occupied', not '" + when + "'.");
        }
        return when;
    }

    private static String cut(String result) {
        if (result.length() <= MAX_TOOL_RESULT) {
            return result;
        }
        return result.substring(0, MAX_TOOL_RESULT) + "\n[cut: " + (result.length() - MAX_TOOL_RESULT)
                + " more characters; narrow the request]";
    }

    // ---------------------------------------------------------------------------------------------------------------
    // the model server

    private ChatResponse chat(ChatRequest request) {
        try {
            ChatResponse response = model.chat(request);
            if (response == null || response.aiMessage() == null) {
                throw new IllegalStateException("no message in the answer");
            }
            return response;
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    /** The model server's failure as a short message for a person: no stack trace, the server's URL. */
    TwinGraphException unavailable(RuntimeException e) {
        String server = "The language model server at " + settings.baseUrl() + " (" + settings.provider() + ", model "
                + settings.model() + ")";
        String fix = "Check that the server runs and that the LLM settings (base URL, model, API key) are right.";
        if (has(e, dev.langchain4j.exception.TimeoutException.class) || has(e, HttpTimeoutException.class)
                || has(e, java.net.SocketTimeoutException.class)) {
            boolean connect = has(e, HttpConnectTimeoutException.class);
            return new TwinGraphException("llm:model.timeout", TwinGraphException.Kind.TIMEOUT, server
                    + (connect ? " could not be reached within " : " did not answer within ")
                    + seconds(settings.timeout()) + ".", fix, e);
        }
        HttpException http = find(e, HttpException.class);
        if (http != null) {
            int status = http.statusCode();
            String hint = status == 401 || status == 403 ? " (check the API key)"
                    : status == 404 ? " (check the base URL and the model name)" : "";
            return new TwinGraphException("llm:model.unavailable", TwinGraphException.Kind.UNAVAILABLE, server
                    + " answered HTTP " + status + hint + ": " + shorten(http.getMessage()), fix, e);
        }
        if (has(e, ConnectException.class) || has(e, UnknownHostException.class)
                || has(e, UnresolvedAddressException.class)
                || has(e, dev.langchain4j.exception.UnresolvedModelServerException.class)) {
            return new TwinGraphException("llm:model.unavailable", TwinGraphException.Kind.UNAVAILABLE, server
                    + " could not be reached (" + shorten(rootMessage(e)) + ").", fix, e);
        }
        LOG.debug("Model request failed", e);
        return new TwinGraphException("llm:model.unavailable", TwinGraphException.Kind.UNAVAILABLE, server
                + " failed: " + shorten(rootMessage(e)) + ".", fix, e);
    }

    private static String seconds(java.time.Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        return find(e, type) != null;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    /** One line, at most 200 characters: a server's error body can be a whole HTML page. */
    private static String shorten(String message) {
        if (message == null) {
            return "no details";
        }
        String line = message.replaceAll("\\s+", " ").strip();
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }
}

package io.twingraph.api.nl;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.twingraph.api.access.Access;
import io.twingraph.api.access.Role;
import io.twingraph.api.http.Json;
import io.twingraph.api.http.RouteGroup;
import io.twingraph.api.policies.CallerAccess;
import io.twingraph.api.privacy.Transcripts;
import io.twingraph.error.TwinGraphException;
import io.twingraph.nl.NaturalLanguage;
import io.twingraph.nl.NlReply;
import io.twingraph.nl.NlRequest;

/**
 * {@code POST /api/nl}: a sentence in, the reply out. The body is JSON
 * ({@code {"text": ..., "conversation": ..., "dryRun": ..., "area": ...}}) or, with {@code Content-Type: text/plain},
 * just the sentence. Each exchange goes to the speaker's transcript ({@link Transcripts}), which they can have
 * exported and erased.
 */
public final class NlRoutes implements RouteGroup {
    private final NaturalLanguage language;
    private final Transcripts transcripts;
    private final CallerAccess callers;

    /** Without transcripts (route tests). */
    public NlRoutes(NaturalLanguage language) {
        this(language, Transcripts.none());
    }

    public NlRoutes(NaturalLanguage language, Transcripts transcripts) {
        this(language, transcripts, CallerAccess.NONE);
    }

    /** With policies: each speaker hears about, and commands, only the devices their policies allow. */
    public NlRoutes(NaturalLanguage language, Transcripts transcripts, CallerAccess callers) {
        this.language = language;
        this.transcripts = transcripts;
        this.callers = callers;
    }

    /** The JSON body; {@code text} is read as any JSON value so that a number or object is refused, not coerced. */
    record NlBody(Object text, String conversation, Boolean dryRun, String area) {
    }

    @Override
    public void register(JavalinDefaultRoutingApi routes) {
        routes.post("/api/nl", this::handle, Role.OPERATOR);
    }

    private void handle(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType();
        NlRequest request;
        if (type.startsWith("text/plain")) {
            request = new NlRequest(ctx.body(), ctx.queryParam("conversation"), "true".equals(ctx.queryParam("dryRun")),
                    ctx.queryParam("area"));
        } else {
            if (ctx.body().length() > 4 * NlRequest.MAX_LENGTH) {
                throw new TwinGraphException("nl:text.too-long", TwinGraphException.Kind.INVALID,
                        "The request body has " + ctx.body().length() + " characters; the text may have at most "
                                + NlRequest.MAX_LENGTH + ".", "Say one thing at a time.");
            }
            NlBody body = Json.read(ctx.body(), NlBody.class);
            if (body == null) {
                throw new TwinGraphException("nl:text.missing", TwinGraphException.Kind.INVALID, "No text given.",
                        "Send {\"text\": \"turn on the kitchen light\"}.");
            }
            if (body.text() != null && !(body.text() instanceof String)) {
                throw new TwinGraphException("nl:text.type", TwinGraphException.Kind.INVALID,
                        "'text' must be a string, not " + jsonType(body.text()) + ".",
                        "Send {\"text\": \"turn on the kitchen light\"}.");
            }
            request = new NlRequest((String) body.text(), body.conversation(), Boolean.TRUE.equals(body.dryRun()), body.area());
        }
        NlReply reply = language.handle(request.withAccess(callers.of(ctx)));
        transcripts.record(Access.principal(ctx).subject(), request, reply);
        ctx.json(reply);
    }

    private static String jsonType(Object v) {
        return v instanceof Number ? "a number" : v instanceof Boolean ? "a boolean"
                : v instanceof java.util.Map ? "an object" : v instanceof java.util.List ? "an array" : "null";
    }
}

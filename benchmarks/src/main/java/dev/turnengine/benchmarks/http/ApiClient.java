package dev.turnengine.benchmarks.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The load driver's view of one server: the JDK HTTP client over HTTP/1.1 keep-alive connections, with a token. */
public final class ApiClient {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern TURN_ID = Pattern.compile("\"turn_id\"\\s*:\\s*\"([^\"]+)\"");

    private final URI base;
    private final String token;
    private final HttpClient client;

    /** A client of the server at {@code base} acting with {@code token}. */
    public ApiClient(URI base, String token) {
        this.base = base;
        this.token = token;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    public URI base() {
        return base;
    }

    public String token() {
        return token;
    }

    public HttpClient http() {
        return client;
    }

    /** Creates a conversation with the named agent and returns its id. */
    public String createConversation(String agent) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(json("/v1/api/conversations", "{\"agent\":\"" + agent + "\"}"),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IOException("creating a conversation answered " + response.statusCode() + ": " + response.body());
        }
        return match(ID, response.body());
    }

    /** The request that posts {@code text} to a conversation. */
    public HttpRequest message(String conversationId, String text) {
        return json("/v1/api/conversations/" + conversationId + "/messages", "{\"text\":\"" + text + "\"}");
    }

    /** An authenticated JSON POST to {@code path}. */
    public HttpRequest json(String path, String body) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** The {@code turn_id} of a 202 answer. */
    public static String turnId(String acceptedBody) throws IOException {
        return match(TURN_ID, acceptedBody);
    }

    private static String match(Pattern pattern, String body) throws IOException {
        Matcher matcher = pattern.matcher(body);
        if (!matcher.find()) {
            throw new IOException("unexpected answer: " + body);
        }
        return matcher.group(1);
    }
}

package io.smolforge.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.stream.Stream;

/** dataset-service's job API over HTTP: submit, status, cancel, and the Server-Sent Events of a job. */
public final class JobsClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public JobsClient(String baseUrl) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    }

    /** Submits a spec file, with a dataset file when given; returns the created job. */
    public JsonNode submit(Path spec, Path dataset) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("v1/jobs"));
        if (dataset == null) {
            String type = spec.toString().endsWith(".json") ? "application/json" : "application/yaml";
            request.header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofFile(spec));
        } else {
            String boundary = "smolforge-" + UUID.randomUUID();
            request.header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(multipart(boundary, spec, dataset));
        }
        return send(request.build(), 201);
    }

    public JsonNode job(String id) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve("v1/jobs/" + id)).GET().build(), 200);
    }

    public JsonNode jobs() throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve("v1/jobs")).GET().build(), 200);
    }

    public JsonNode cancel(String id) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve("v1/jobs/" + id + "/cancel"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), 200);
    }

    /**
     * Follows a job's events ({@code status}, {@code progress}) until {@code handler} returns false or the
     * server ends the stream (after the job's terminal status).
     */
    public void follow(String id, BiPredicate<String, JsonNode> handler) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("v1/jobs/" + id + "/events"))
                .header("Accept", "text/event-stream").GET().build();
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + request.uri() + " answered " + response.statusCode());
        }
        try (Stream<String> lines = response.body()) {
            String event = "message";
            StringBuilder data = new StringBuilder();
            for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                } else if (line.isEmpty() && data.length() > 0) {
                    if (!handler.test(event, JSON.readTree(data.toString()))) {
                        return;
                    }
                    event = "message";
                    data.setLength(0);
                }
            }
        }
    }

    private JsonNode send(HttpRequest request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new IOException("dataset-service does not answer at " + base + " (start it with ./smolforge up)", e);
        }
        if (response.statusCode() != expected) {
            throw new JobApiException(request.method() + " " + request.uri().getPath(), response.statusCode(),
                    response.body());
        }
        return JSON.readTree(response.body());
    }

    private static HttpRequest.BodyPublisher multipart(String boundary, Path spec, Path dataset) throws IOException {
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"spec\"\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + Files.readString(spec) + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"dataset\"; filename=\""
                + dataset.getFileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        return HttpRequest.BodyPublishers.concat(
                HttpRequest.BodyPublishers.ofString(head, StandardCharsets.UTF_8),
                HttpRequest.BodyPublishers.ofFile(dataset),
                HttpRequest.BodyPublishers.ofString(tail, StandardCharsets.UTF_8));
    }

    /** A non-success answer, with the problem details the service sent. */
    public static final class JobApiException extends IOException {
        private final int status;
        private final String body;

        JobApiException(String call, int status, String body) {
            super(call + " answered " + status + ": " + body);
            this.status = status;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public String body() {
            return body;
        }
    }
}

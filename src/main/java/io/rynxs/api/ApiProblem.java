package io.rynxs.api;

import java.util.Map;

/**
 * A request the API refuses, as an RFC 9457 problem: {@code type} is a short slug under
 * {@code https://rynxs.io/problems/}, {@code detail} names the parameter and what is allowed.
 * Thrown by handlers and rendered only by {@link ProblemMapper}.
 */
public final class ApiProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;
    private final String title;
    private final transient Map<String, String> headers;

    public ApiProblem(int status, String type, String title, String detail, Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.headers = Map.copyOf(headers);
    }

    public ApiProblem(int status, String type, String title, String detail) {
        this(status, type, title, detail, Map.of());
    }

    /** 400: a query parameter, path parameter or body field is malformed or out of range. */
    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(400, "bad-request", "Bad request", detail);
    }

    /** 404: the seq or tree size is beyond the head, or no such thing was stored. */
    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "not-found", "Not found", detail);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public Map<String, String> headers() {
        return headers;
    }
}

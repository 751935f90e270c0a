package dev.turnengine.adapter.http.problem;

/**
 * An RFC 9457 problem document with the stable machine-readable {@code code} clients switch on.
 *
 * @param type a URI naming the kind of problem
 */
public record ProblemJson(String type, String title, int status, String detail, String code) {
}

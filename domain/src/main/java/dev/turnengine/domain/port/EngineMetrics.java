package dev.turnengine.domain.port;

import dev.turnengine.domain.tool.ToolResult;
import dev.turnengine.domain.report.TurnSummary;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * What the engine and its adapters report about their work, for an operator's metrics. An adapter turns the
 * reports into meters (Prometheus); every method does nothing by default, so an embedder plugs in its own
 * implementation or none. Reports carry no tenant, conversation, turn or token as a label value: ids appear
 * only in {@link TurnSummary}, which an implementation must not turn into labels. Every method is called on
 * hot paths and must return at once without blocking or throwing.
 */
public interface EngineMetrics {

    /** A message was admitted as a new turn. */
    default void turnAccepted() {
    }

    /** A message was answered with the turn an earlier request with its idempotency key had started. */
    default void idempotentReplay() {
    }

    /** An interrupt request was sent to a running turn (by the interrupt route or {@code on_busy: interrupt}). */
    default void interruptRequested() {
    }

    /** A turn began running on this node, {@code queueWait} after it was accepted. */
    default void turnStarted(Duration queueWait) {
    }

    /** A turn's first reply text was journaled, {@code sinceAccepted} after the turn was accepted. */
    default void firstDelta(Duration sinceAccepted) {
    }

    /** A turn's {@code final} was written (on this node), however the turn ended. */
    default void turnEnded(TurnSummary summary) {
    }

    /**
     * The engine's live counts, read when metrics are collected: turns running on this node, turns of this
     * node waiting for an outside answer (a person's approval, a browser's result), and queued turns.
     */
    default void engineGauges(IntSupplier running, IntSupplier waiting, IntSupplier queued) {
    }

    /**
     * One call to a model ended.
     *
     * @param provider the provider's name as {@code TURNS_AGENT} writes it ({@code openai}, {@code anthropic},
     *     {@code ollama}); anything else is reported as {@code other}
     * @param outcome {@code completed}, {@code failed} or {@code cancelled}
     */
    default void modelCall(String provider, String outcome, Duration took, long inputTokens, long outputTokens) {
    }

    /**
     * One tool call got its result.
     *
     * @param tool the tool's name; reported as {@code other} unless {@code offered}, so labels stay a closed set
     * @param offered whether the tool was among the tools offered in the turn
     * @param outcome {@code ok} or an error result's code ({@code tool_timeout}, {@code browser_disconnected},
     *     {@code denied}, {@code tool_failed}, {@code unknown_tool}); see {@link #toolOutcome(ToolResult)}
     */
    default void toolCallEnded(String tool, boolean offered, String outcome, Duration took) {
    }

    /**
     * One webhook delivery attempt ended.
     *
     * @param outcome {@code delivered} (2xx), {@code rejected} (another status), {@code failed} (no answer: timeout,
     *     refused connection) or {@code gave_up} (the last attempt of a delivery failed)
     */
    default void webhookDelivered(String outcome, Duration took) {
    }

    /** A batch of journal rows was committed in one transaction, which took {@code commit}. */
    default void journalBatch(int rows, Duration commit) {
    }

    /** An event stream was opened; {@link #streamClosed()} follows when it ends. */
    default void streamOpened() {
    }

    default void streamClosed() {
    }

    /** An event stream was cut because its reader fell too far behind. */
    default void slowReaderCut() {
    }

    /** The outcome label of a tool result: {@code ok}, or the code its error text starts with. */
    static String toolOutcome(ToolResult result) {
        if (!result.isError()) {
            return "ok";
        }
        String text = result.output().asText();
        int colon = text.indexOf(':');
        return colon > 0 ? text.substring(0, colon) : ToolResult.TOOL_FAILED;
    }

    /** Reports nothing. */
    static EngineMetrics none() {
        return NoMetrics.INSTANCE;
    }

    /** The do-nothing implementation behind {@link #none()}. */
    enum NoMetrics implements EngineMetrics {
        INSTANCE
    }
}

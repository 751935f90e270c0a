package dev.turnengine.adapter.http;

import dev.turnengine.domain.agent.AgentOutput;
import dev.turnengine.domain.agent.AgentRequest;
import dev.turnengine.domain.agent.AgentResult;
import dev.turnengine.domain.agent.Cancellation;
import dev.turnengine.domain.port.AgentRunner;
import dev.turnengine.domain.tool.ToolCall;
import dev.turnengine.domain.tool.ToolResult;
import dev.turnengine.domain.tool.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A fake model for tool tests: calls the scripted tools one after another through the engine (each call made when
 * its turn comes, so a test may compute it late), then answers in text naming each result — as a model that reads
 * the page, clicks, and reports would.
 */
final class ToolScriptAgent implements AgentRunner {

    private final List<Supplier<ToolCall>> steps;
    private final List<List<String>> offered = new CopyOnWriteArrayList<>();
    private final List<ToolResult> results = new CopyOnWriteArrayList<>();

    private ToolScriptAgent(List<Supplier<ToolCall>> steps) {
        this.steps = List.copyOf(steps);
    }

    static ToolScriptAgent calling(ToolCall... calls) {
        List<Supplier<ToolCall>> steps = new ArrayList<>();
        for (ToolCall call : calls) {
            steps.add(() -> call);
        }
        return new ToolScriptAgent(steps);
    }

    @SafeVarargs
    static ToolScriptAgent steps(Supplier<ToolCall>... steps) {
        return new ToolScriptAgent(List.of(steps));
    }

    @Override
    public AgentResult run(AgentRequest request, AgentOutput output, Cancellation cancellation) {
        offered.add(request.tools().offered().stream().map(ToolSpec::name).toList());
        List<ToolResult> mine = new ArrayList<>();
        for (Supplier<ToolCall> step : steps) {
            if (cancellation.isCancelled()) {
                return AgentResult.withoutUsage();
            }
            List<ToolResult> answered = request.tools().call(List.of(step.get()));
            mine.addAll(answered);
            results.addAll(answered);
        }
        if (!cancellation.isCancelled()) {
            output.delta("done: " + mine.stream().map(result -> result.name() + (result.isError() ? " failed ("
                    + result.output().asText() + ")" : " ok")).collect(Collectors.joining(", ")));
        }
        return AgentResult.withoutUsage();
    }

    /** The tool names each run was offered. */
    List<List<String>> offered() {
        return List.copyOf(offered);
    }

    /** Every result the engine gave, in order. */
    List<ToolResult> results() {
        return List.copyOf(results);
    }
}

package dev.turnengine.e2e.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turnengine.testkit.http.ApiClient;
import dev.turnengine.testkit.http.Reply;
import dev.turnengine.testkit.http.SseClient;
import dev.turnengine.testkit.http.SseFrame;
import dev.turnengine.testkit.net.TcpProxy;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An interrupt sent to one node while the node running the turn has lost its LISTEN connection (so the
 * notification never reaches it) still stops the turn: the request is stored, not only announced.
 */
class ListenerOutageIT {

    @RegisterExtension
    static final FaultDatabase DATABASE = new FaultDatabase();

    /** The fragment of the LISTEN connection's application_name ({@code turn-engine-…-listener}). */
    private static final String LISTENER = "-listener";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static TcpProxy proxy;

    @BeforeAll
    static void startProxy() {
        proxy = TcpProxy.to(DATABASE.host(), DATABASE.port());
    }

    @AfterAll
    static void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void givenRunningNodeCannotListen_whenInterruptIsSentToOtherNode_thenTurnStopsOnceItListensAgain()
            throws InterruptedException {
        String message = ApiClient.words("unheard", 100);
        try (ServerProcess nodeA = ServerProcess.node("deaf-a", DATABASE.serverUrlVia(proxy))
                .echoDelay(Duration.ofMillis(100)).start();
                ServerProcess nodeB = ServerProcess.node("hearing-b", DATABASE.serverUrl()).start()) {
            String conversation = nodeA.client().createConversation();
            try (SseClient onB = SseClient.ofConversation(nodeB.client(), conversation, OptionalLong.empty())) {
                String turn = nodeA.client().postAccepted(conversation, message);
                onB.awaitDeltas(turn, 3, WAIT);
                assertThat(DATABASE.leaseOwner(turn)).contains("deaf-a");

                proxy.block(LISTENER);
                Thread.sleep(300);
                Reply reply = nodeB.client().interrupt(conversation);
                assertThat(reply.status()).as(reply.body()).isEqualTo(202);
                Thread.sleep(1_500);
                assertThat(onB.eventsOf(turn)).as("the notification could not reach node A")
                        .noneMatch(SseFrame::isFinal);

                proxy.unblock(LISTENER);
                long unblocked = System.nanoTime();
                SseFrame ending = onB.awaitFinal(turn, WAIT);
                long stoppedMillis = Duration.ofNanos(ending.arrivedNanos() - unblocked).toMillis();
                System.out.printf("[listen outage] the interrupt sent during node A's LISTEN outage stopped its turn "
                        + "%d ms after A could listen again%n", stoppedMillis);
                assertThat(ending.status()).isEqualTo("interrupted");
                assertThat(ending.text()).isNotEmpty().isEqualTo(JournalChecks.streamedText(onB.events(), turn));
                assertThat(message).startsWith(ending.text().strip()).isNotEqualTo(ending.text().strip());
                assertThat(stoppedMillis).as("A reconnects within its 2 s back-off and hears of it").isLessThan(5_000);
            }
        }
    }
}

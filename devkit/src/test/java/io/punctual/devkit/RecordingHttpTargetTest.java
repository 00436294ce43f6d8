package io.punctual.devkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.punctual.devkit.RecordingHttpTarget.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecordingHttpTargetTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final RecordingHttpTarget target = RecordingHttpTarget.start();

  @AfterEach
  void stopTarget() {
    target.close();
  }

  @Test
  void shouldRecordEveryCallAndAnswerWhatItsRespondersSay() throws Exception {
    // Given a target failing calls to /flaky
    target.respond("/flaky", call -> new Response(503, "try again"));

    // When two paths are called
    int ok = post("/hook", "one");
    int flaky = post("/flaky", "two");

    // Then each got its answer, and both calls are recorded in order with their bodies
    assertEquals(200, ok);
    assertEquals(503, flaky);
    assertEquals(
        List.of("/hook:one", "/flaky:two"),
        target.calls().stream().map(call -> call.path() + ":" + call.body()).toList());
    assertEquals(1, target.calls("/flaky").size());
  }

  @Test
  void shouldKeepOnlyTheMostRecentCallsWhileItsListenerSeesEach() throws Exception {
    // Given a target keeping two calls, and a listener
    List<String> heard = new CopyOnWriteArrayList<>();
    target.keepAtMost(2).onCall(call -> heard.add(call.body()));

    // When it is called three times
    for (String body : List.of("a", "b", "c")) {
      post("/hook", body);
    }

    // Then it keeps the last two, and the listener heard all three
    assertEquals(List.of("b", "c"), target.calls().stream().map(call -> call.body()).toList());
    assertEquals(List.of("a", "b", "c"), heard);

    // And keeping none forgets them all
    target.keepAtMost(0);
    post("/hook", "d");
    assertEquals(List.of(), target.calls());
    assertEquals(4, heard.size());
  }

  @Test
  void shouldRefuseANegativeCountAndCloseTwiceQuietly() {
    assertThrows(IllegalArgumentException.class, () -> target.keepAtMost(-1));
    target.close();
    target.close();
  }

  private int post(String path, String body) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(target.url(path)))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}

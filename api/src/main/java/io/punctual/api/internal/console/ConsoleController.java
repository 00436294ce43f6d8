package io.punctual.api.internal.console;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;

/** {@code /ui}: the console's entry, its page at {@code /ui/index.html}. */
@Controller("/ui")
@Hidden
public class ConsoleController {
  @Get
  public HttpResponse<?> entry() {
    return HttpResponse.seeOther(URI.create("/ui/index.html"));
  }

  @Get("/")
  public HttpResponse<?> slash() {
    return HttpResponse.seeOther(URI.create("/ui/index.html"));
  }
}

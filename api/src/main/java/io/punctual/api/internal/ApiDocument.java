package io.punctual.api.internal;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * The head of the OpenAPI document ({@code /swagger/punctual-api-0.1.yml}), which micronaut-openapi
 * generates at compile time from the controllers. Kept off the public classes so that modules using
 * the API compile without the OpenAPI annotations.
 */
@OpenAPIDefinition(
    info =
        @Info(
            title = "punctual-api",
            version = "0.1",
            description = "Punctual: create, inspect and steer timers on Kafka"),
    security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer")
final class ApiDocument {
  private ApiDocument() {}
}

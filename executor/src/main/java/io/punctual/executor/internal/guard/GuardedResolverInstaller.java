package io.punctual.executor.internal.guard;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.client.netty.NettyClientCustomizer;
import io.netty.bootstrap.Bootstrap;
import jakarta.inject.Singleton;

/**
 * Makes every HTTP client of the executor resolve names through the {@link TargetGuard}: it sets
 * the {@link GuardedAddressResolverGroup} on each connection's bootstrap, just before it connects.
 */
@Singleton
final class GuardedResolverInstaller
    implements BeanCreatedEventListener<NettyClientCustomizer.Registry> {
  private final GuardedAddressResolverGroup resolvers;

  GuardedResolverInstaller(TargetGuard guard) {
    this.resolvers = new GuardedAddressResolverGroup(guard);
  }

  @Override
  public NettyClientCustomizer.Registry onCreated(
      BeanCreatedEvent<NettyClientCustomizer.Registry> event) {
    NettyClientCustomizer.Registry registry = event.getBean();
    registry.register(
        new NettyClientCustomizer() {
          @Override
          public NettyClientCustomizer specializeForBootstrap(Bootstrap bootstrap) {
            bootstrap.resolver(resolvers);
            return this;
          }
        });
    return registry;
  }
}

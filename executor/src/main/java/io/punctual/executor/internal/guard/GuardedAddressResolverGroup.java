package io.punctual.executor.internal.guard;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.resolver.InetSocketAddressResolver;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;

/**
 * The name resolution of the executor's HTTP client: it resolves like the JVM does, checks every
 * address with the {@link TargetGuard}, and gives the client only checked addresses, so the
 * connection goes to an address that passed the guard (no second lookup can rebind the name).
 */
final class GuardedAddressResolverGroup extends AddressResolverGroup<InetSocketAddress> {
  private final TargetGuard guard;

  GuardedAddressResolverGroup(TargetGuard guard) {
    this.guard = guard;
  }

  @Override
  protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
    return new InetSocketAddressResolver(executor, new GuardedNameResolver(executor, guard));
  }

  private static final class GuardedNameResolver extends InetNameResolver {
    private final TargetGuard guard;

    GuardedNameResolver(EventExecutor executor, TargetGuard guard) {
      super(executor);
      this.guard = guard;
    }

    @Override
    protected void doResolve(String host, Promise<InetAddress> promise) {
      try {
        promise.setSuccess(guard.resolve(host)[0]);
      } catch (Exception e) {
        promise.setFailure(e);
      }
    }

    @Override
    protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
      try {
        promise.setSuccess(Arrays.asList(guard.resolve(host)));
      } catch (Exception e) {
        promise.setFailure(e);
      }
    }
  }
}

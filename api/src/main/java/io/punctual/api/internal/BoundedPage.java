package io.punctual.api.internal;

import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The first {@code size} items, in order, of all those offered: never holds more than {@code size}
 * (plus the one being offered), however many instances and namespaces answer. Items equal in the
 * order are kept once.
 */
public final class BoundedPage<T> {
  private final int size;
  private final TreeSet<T> items;

  public BoundedPage(int size, Comparator<? super T> order) {
    this.size = size;
    this.items = new TreeSet<>(order);
  }

  public void offer(T item) {
    items.add(item);
    if (items.size() > size) {
      items.pollLast();
    }
  }

  public void offerAll(Iterable<? extends T> offered) {
    offered.forEach(this::offer);
  }

  /** Whether the page holds {@code size} items. */
  public boolean full() {
    return items.size() == size;
  }

  public List<T> items() {
    return List.copyOf(items);
  }
}

package io.punctual.scheduler.it;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.Options;

/**
 * RocksDB memtables of 256 KiB instead of 16 MiB, so that a test's few megabytes of state reach
 * disk (and with them the stores' committed offsets) as a production store's gigabytes do.
 */
public final class SmallMemtables implements RocksDBConfigSetter {
  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    options.setWriteBufferSize(256 * 1024L);
  }

  @Override
  public void close(String storeName, Options options) {}
}

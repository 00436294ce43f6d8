package io.punctual.serde;

import io.punctual.json.AvroJson;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/** Writes records in their natural JSON form (see {@link AvroJson}), encoded in UTF-8. */
public class JsonRecordSerializer<T extends SpecificRecord> implements Serializer<T> {
  @Override
  public byte[] serialize(String topic, T record) {
    return record == null ? null : AvroJson.toJsonBytes(record);
  }
}

package io.punctual.serde;

import org.apache.avro.Schema;

/** The part of a Confluent-API schema registry that the serdes need. */
public interface SchemaRegistryClient {
  /**
   * Registers a schema under a subject, or finds it registered already.
   *
   * @return the schema's global id
   * @throws SchemaRegistryException when the registry cannot be reached or refuses the schema
   */
  int register(String subject, Schema schema);

  /**
   * The id of a schema already registered under a subject, without registering it.
   *
   * @throws UnknownSchemaException when the schema is not registered under that subject
   * @throws SchemaRegistryException when the registry cannot be reached
   */
  int getId(String subject, Schema schema);

  /**
   * The schema with a global id.
   *
   * @throws UnknownSchemaException when the registry knows no Avro schema with that id
   * @throws SchemaRegistryException when the registry cannot be reached
   */
  Schema getById(int id);
}

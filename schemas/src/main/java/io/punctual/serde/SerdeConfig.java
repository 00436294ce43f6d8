package io.punctual.serde;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** The configuration keys of Punctual's serdes; the names are those of Confluent's serdes. */
public final class SerdeConfig extends AbstractConfig {
  public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
  public static final String SCHEMA_REGISTRY_URL_DOC =
      "Comma-separated base URLs of a schema registry speaking the Confluent REST API, tried in"
          + " turn. Required to write Avro; optional to read, where JSON needs none.";

  public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";
  public static final boolean DEFAULT_AUTO_REGISTER_SCHEMAS = true;
  public static final String AUTO_REGISTER_SCHEMAS_DOC =
      "Whether a serializer registers the record's schema under the subject. When false, the"
          + " schema must be registered already and its id is looked up.";

  public static final String BASIC_AUTH_USER_INFO_CONFIG = "basic.auth.user.info";
  public static final String BASIC_AUTH_USER_INFO_DOC =
      "Credentials for HTTP basic authentication to the registry, as user:password.";

  /** The definition of every key, with its default and documentation. */
  public static final ConfigDef CONFIG_DEF =
      new ConfigDef()
          .define(
              SCHEMA_REGISTRY_URL_CONFIG,
              ConfigDef.Type.LIST,
              List.of(),
              ConfigDef.Importance.HIGH,
              SCHEMA_REGISTRY_URL_DOC)
          .define(
              AUTO_REGISTER_SCHEMAS_CONFIG,
              ConfigDef.Type.BOOLEAN,
              DEFAULT_AUTO_REGISTER_SCHEMAS,
              ConfigDef.Importance.MEDIUM,
              AUTO_REGISTER_SCHEMAS_DOC)
          .define(
              BASIC_AUTH_USER_INFO_CONFIG,
              ConfigDef.Type.PASSWORD,
              null,
              ConfigDef.Importance.MEDIUM,
              BASIC_AUTH_USER_INFO_DOC);

  public SerdeConfig(Map<String, ?> configs) {
    super(CONFIG_DEF, configs, false);
  }

  /** The registry base URLs; empty when none is configured. */
  public List<String> registryUrls() {
    return getList(SCHEMA_REGISTRY_URL_CONFIG);
  }

  /** Whether serializers register schemas. */
  public boolean autoRegisterSchemas() {
    return getBoolean(AUTO_REGISTER_SCHEMAS_CONFIG);
  }

  /** The basic-auth credentials as user:password, or null. */
  public String basicAuthUserInfo() {
    Password password = getPassword(BASIC_AUTH_USER_INFO_CONFIG);
    return password == null ? null : password.value();
  }

  /**
   * A client of the configured registry.
   *
   * @throws ConfigException when no {@value #SCHEMA_REGISTRY_URL_CONFIG} is configured
   */
  public SchemaRegistryClient newRegistryClient() {
    if (registryUrls().isEmpty()) {
      throw new ConfigException(
          "Missing required configuration \""
              + SCHEMA_REGISTRY_URL_CONFIG
              + "\": Avro needs a schema registry speaking the Confluent REST API");
    }
    return new RestSchemaRegistryClient(registryUrls(), basicAuthUserInfo());
  }
}

package io.punctual.json;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * A union of records told apart in JSON by the {@code jsonTag} property of each branch. A branch
 * with {@code jsonWrapped: true} is written as {@code {"<tag>": {...record...}}}; any other branch
 * is the record itself, recognised by the presence of its tag as a key.
 */
final class TaggedUnion {
  static final String TAG_PROPERTY = "jsonTag";
  static final String WRAPPED_PROPERTY = "jsonWrapped";

  private final Map<String, Schema> branchesByTag = new LinkedHashMap<>();
  private final Set<String> names = new HashSet<>();

  private TaggedUnion() {}

  /** The tagged branches of a union, or null when a non-null branch is not a tagged record. */
  static TaggedUnion of(Schema union) {
    TaggedUnion tagged = new TaggedUnion();
    for (Schema branch : union.getTypes()) {
      if (branch.getType() == Schema.Type.NULL) {
        continue;
      }
      if (branch.getType() != Schema.Type.RECORD || tagOf(branch) == null) {
        return null;
      }
      tagged.branchesByTag.put(tagOf(branch), branch);
      tagged.names.add(tagOf(branch));
      branch.getFields().forEach(field -> tagged.names.add(field.name()));
    }
    return tagged;
  }

  static String tagOf(Schema record) {
    Object tag = record.getObjectProp(TAG_PROPERTY);
    return tag instanceof String ? (String) tag : null;
  }

  static boolean isWrapped(Schema record) {
    return Boolean.TRUE.equals(record.getObjectProp(WRAPPED_PROPERTY));
  }

  Map<String, Schema> branchesByTag() {
    return branchesByTag;
  }

  /** Every tag, and every field name of a branch. */
  Set<String> names() {
    return names;
  }

  String tagList() {
    return String.join(", ", branchesByTag.keySet());
  }
}

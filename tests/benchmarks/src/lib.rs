//! Synthetic OpenAPI specs of any size, so that benchmarks can show how the generator's cost
//! grows with the size of its input.
//!
//! A spec holds the asked number of operations and of object schemas and uses only what the
//! generator supports today: objects with typed properties and defaults, `$ref`s between
//! schemas, arrays, maps, an inline object now and then, secrets, path, query and header
//! parameters, JSON bodies, `200`/`201` and `4XX` replies, declared reply headers, two
//! security schemes and one operation-level server. The text depends only on the two counts.

use std::fmt::Write;

/// Operations come in groups of four on two paths: list and create on `/groupN/items`, get and
/// update on `/groupN/items/{itemId}`.
const OPERATIONS_PER_GROUP: usize = 4;

/// The YAML text of a spec with `operations` operations and `schemas` object schemas (at least
/// one), plus one error schema that every `4XX` reply uses.
pub fn spec(operations: usize, schemas: usize) -> String {
    let schemas = schemas.max(1);
    let mut text = String::with_capacity(operations * 1_300 + schemas * 2_000 + 2_000);
    header(&mut text, operations, schemas);
    text.push_str("paths:\n");
    for group in 0..operations.div_ceil(OPERATIONS_PER_GROUP) {
        let first = group * OPERATIONS_PER_GROUP;
        let count = (operations - first).min(OPERATIONS_PER_GROUP);
        paths(&mut text, group, count, |k| (first + k) % schemas);
    }
    components(&mut text, schemas);
    text
}

/// The same spec as [`spec`], as indented JSON, the form the largest public API descriptions
/// are published in.
pub fn json_spec(operations: usize, schemas: usize) -> String {
    let document: serde_json::Value = serde_yaml::from_str(&spec(operations, schemas))
        .unwrap_or_else(|error| unreachable!("the synthetic YAML is valid: {error}"));
    serde_json::to_string_pretty(&document)
        .unwrap_or_else(|error| unreachable!("a JSON value serializes: {error}"))
}

fn header(text: &mut String, operations: usize, schemas: usize) {
    let _ = write!(
        text,
        "\
openapi: 3.0.3
info:
  title: Synthetic API
  description: >-
    A generated description with {operations} operations and {schemas} object schemas, used
    to measure how the cost of code generation grows with the size of a spec.
  version: 1.0.0
servers:
  - url: https://api.example.com/v1
    description: Production API host.
security:
  - bearer: []
  - api_key: []
"
    );
}

/// The two paths of one group, with its first `count` operations; `schema(k)` is the index of
/// the schema that operation `k` of the group reads and writes.
fn paths(text: &mut String, group: usize, count: usize, schema: impl Fn(usize) -> usize) {
    let _ = writeln!(text, "  /group{group}/items:");
    let _ = write!(
        text,
        "    get:
      operationId: listGroup{group}Items
      summary: List the items of group {group}
      description: >-
        Returns one page of the items in group {group}, oldest first. Pass the cursor of
        the previous page to read the next one.
      tags:
        - Group{group}
"
    );
    if group == 0 {
        text.push_str(
            "      servers:\n        - url: https://files.example.com/v1\n          \
             description: Host that serves large listings.\n",
        );
    }
    let _ = write!(
        text,
        "      parameters:
        - name: limit
          in: query
          description: How many items to return at most.
          schema:
            type: integer
            format: int32
        - name: cursor
          in: query
          description: Where the previous page ended.
          schema:
            type: string
        - $ref: '#/components/parameters/RequestId'
      responses:
        '200':
          description: One page of items.
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: '#/components/schemas/Schema{}'
        4XX:
          $ref: '#/components/responses/Problem'
",
        schema(0)
    );
    if count > 1 {
        let s = schema(1);
        let _ = write!(
            text,
            "    post:
      operationId: createGroup{group}Item
      summary: Create an item in group {group}
      description: Stores a new item and returns it with the fields the server filled in.
      tags:
        - Group{group}
      requestBody:
        required: true
        description: The item to create.
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Schema{s}'
      responses:
        '201':
          description: The item was created.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Schema{s}'
        4XX:
          $ref: '#/components/responses/Problem'
"
        );
    }
    if count > 2 {
        let _ = write!(
            text,
            "  /group{group}/items/{{itemId}}:
    parameters:
      - name: itemId
        in: path
        required: true
        description: The item's identifier.
        schema:
          type: integer
          format: int64
    get:
      operationId: getGroup{group}Item
      summary: Read one item of group {group}
      tags:
        - Group{group}
      parameters:
        - name: expand
          in: query
          description: Whether to include related items in full.
          schema:
            type: boolean
        - $ref: '#/components/parameters/RequestId'
      responses:
        '200':
          description: The item.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Schema{}'
        4XX:
          $ref: '#/components/responses/Problem'
",
            schema(2)
        );
    }
    if count > 3 {
        let s = schema(3);
        let _ = write!(
            text,
            "    put:
      operationId: updateGroup{group}Item
      summary: Replace an item of group {group}
      description: Replaces every field of the item; fields left out are cleared.
      tags:
        - Group{group}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Schema{s}'
      responses:
        '200':
          description: The item as stored.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Schema{s}'
        4XX:
          $ref: '#/components/responses/Problem'
"
        );
    }
}

fn components(text: &mut String, schemas: usize) {
    text.push_str(
        "\
components:
  securitySchemes:
    bearer:
      type: http
      scheme: bearer
      description: An access token.
    api_key:
      type: apiKey
      in: header
      name: X-Api-Key
      description: A key issued to the calling application.
  parameters:
    RequestId:
      name: X-Request-Id
      in: header
      description: An identifier the server echoes in its logs.
      schema:
        type: string
  responses:
    Problem:
      description: The request was refused.
      headers:
        X-RateLimit-Remaining:
          description: How many requests are left in the current window.
          schema:
            type: integer
            format: int32
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/Problem'
  schemas:
    Problem:
      type: object
      description: Why a request was refused.
      required:
        - code
        - message
      properties:
        code:
          type: string
          description: A machine-readable reason.
        message:
          type: string
          description: A sentence for people.
",
    );
    for index in 0..schemas {
        schema(text, index);
    }
}

/// `Schema{index}`: scalar fields of every kind, a map, and (past the first) links to earlier
/// schemas only, so that the generated structs hold no cycle. Links skip back by a factor, so
/// chains of nested types stay a few levels deep, as in real APIs.
fn schema(text: &mut String, index: usize) {
    let _ = write!(
        text,
        "    Schema{index}:
      type: object
      description: >-
        Record kind {index}, with its identity, a few typed values and links to related
        records.
      required:
        - id
        - name
      properties:
        id:
          type: integer
          format: int64
          description: The record's identifier, unique within its kind.
        name:
          type: string
          description: A name people recognise the record by.
        score:
          type: number
          format: double
          description: A weight used to rank records.
        ratio:
          type: number
          format: float
          description: The share of the record in its group.
        count:
          type: integer
          format: int32
          default: 0
          description: How many times the record was used.
        active:
          type: boolean
          default: true
          description: Whether the record is in use.
        created_at:
          type: string
          format: date-time
          description: When the record was created.
        labels:
          type: array
          description: Free-form labels.
          items:
            type: string
        attributes:
          type: object
          description: Extra values by name.
          additionalProperties:
            type: string
"
    );
    if index % 7 == 3 {
        text.push_str(
            "        access_key:\n          type: string\n          format: password\n          \
             description: A credential that must not be logged.\n",
        );
    }
    if index % 5 == 4 {
        text.push_str(
            "        details:
          type: object
          description: Notes kept with the record.
          properties:
            note:
              type: string
              description: A short note.
            level:
              type: integer
              description: How important the note is.
",
        );
    }
    if index > 0 {
        let _ = write!(
            text,
            "        parent:
          $ref: '#/components/schemas/Schema{}'
        related:
          type: array
          description: Records of an earlier kind that this one refers to.
          items:
            $ref: '#/components/schemas/Schema{}'
",
            index / 4,
            (index - 1) / 2
        );
    }
}

--
-- PostgreSQL database dump
--


-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: audit; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA audit;


--
-- Name: invoicing; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA invoicing;


--
-- Name: metering; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA metering;


--
-- Name: pricing; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA pricing;


--
-- Name: mt_grams_array(text, boolean); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.mt_grams_array(words text, use_unaccent boolean DEFAULT false) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE STRICT
    AS $$
        DECLARE
result text[];
        DECLARE
word text;
        DECLARE
clean_word text;
BEGIN
                FOREACH
word IN ARRAY string_to_array(words, ' ')
                LOOP
                     clean_word = regexp_replace(audit.mt_safe_unaccent(use_unaccent, word), '[^a-zA-Z0-9]+', '','g');
FOR i IN 1 .. length(clean_word)
                     LOOP
                         result := result || quote_literal(substr(lower(clean_word), i, 1));
                         result
:= result || quote_literal(substr(lower(clean_word), i, 2));
                         result
:= result || quote_literal(substr(lower(clean_word), i, 3));
END LOOP;
END LOOP;

RETURN ARRAY(SELECT DISTINCT e FROM unnest(result) AS a(e) ORDER BY e);
END;
$$;


--
-- Name: mt_grams_query(text, boolean); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.mt_grams_query(text, use_unaccent boolean DEFAULT false) RETURNS tsquery
    LANGUAGE plpgsql IMMUTABLE STRICT
    AS $_$
BEGIN
RETURN (SELECT array_to_string(audit.mt_grams_array($1, use_unaccent), ' & ') ::tsquery);
END
$_$;


--
-- Name: mt_grams_vector(text, boolean); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.mt_grams_vector(text, use_unaccent boolean DEFAULT false) RETURNS tsvector
    LANGUAGE plpgsql IMMUTABLE STRICT
    AS $_$
BEGIN
RETURN (SELECT array_to_string(audit.mt_grams_array($1, use_unaccent), ' ') ::tsvector);
END
$_$;


--
-- Name: mt_immutable_date(text); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.mt_immutable_date(value text) RETURNS date
    LANGUAGE sql IMMUTABLE
    AS $$
select value::date

$$;


--
-- Name: mt_immutable_time(text); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.mt_immutable_time(value text) RETURNS time without time zone
    LANGUAGE sql IMMUTABLE
    AS $$
select value::time

$$;


--
-- Name: mt_immutable_timestamp(text); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.mt_immutable_timestamp(value text) RETURNS timestamp without time zone
    LANGUAGE sql IMMUTABLE
    AS $$
select value::timestamp

$$;


--
-- Name: mt_immutable_timestamptz(text); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.mt_immutable_timestamptz(value text) RETURNS timestamp with time zone
    LANGUAGE sql IMMUTABLE
    AS $$
select value::timestamptz

$$;


--
-- Name: mt_jsonb_append(jsonb, text[], jsonb, boolean, jsonb); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.mt_jsonb_append(jsonb, text[], jsonb, boolean, jsonb DEFAULT NULL::jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    val ALIAS FOR $3;
    if_not_exists ALIAS FOR $4;
    patch_expression ALIAS FOR $5;
    tmp_value jsonb;
BEGIN
    tmp_value = retval #> location;
    IF tmp_value IS NOT NULL AND jsonb_typeof(tmp_value) = 'array' THEN
        CASE
            WHEN NOT if_not_exists THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            WHEN patch_expression IS NULL AND jsonb_typeof(val) = 'object' AND NOT tmp_value @> jsonb_build_array(val) THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            WHEN patch_expression IS NULL AND jsonb_typeof(val) <> 'object' AND NOT tmp_value @> val THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            WHEN patch_expression IS NOT NULL AND jsonb_typeof(patch_expression) = 'array' AND jsonb_array_length(patch_expression) = 0 THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            ELSE NULL;
            END CASE;
    END IF;
    RETURN retval;
END;
$_$;


--
-- Name: mt_jsonb_append_key_value(jsonb, text[], jsonb, boolean); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.mt_jsonb_append_key_value(jsonb, text[], jsonb, boolean) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    val ALIAS FOR $3;
    if_not_exists ALIAS FOR $4;
    tmp_value jsonb;
    _key text;
BEGIN
    tmp_value = retval #> location;

    IF tmp_value IS NOT NULL AND jsonb_typeof(tmp_value) = 'object' THEN
        CASE
            WHEN NOT if_not_exists THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            WHEN NOT tmp_value ?| ARRAY(SELECT jsonb_object_keys(val)) THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            ELSE NULL;
        END CASE;
    END IF;
    RETURN retval;
END;
$_$;


--
-- Name: mt_jsonb_copy(jsonb, text[], text[]); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.mt_jsonb_copy(jsonb, text[], text[]) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    src_path ALIAS FOR $2;
    dst_path ALIAS FOR $3;
    tmp_value jsonb;
BEGIN
    tmp_value = retval #> src_path;
    retval = audit.mt_jsonb_fix_null_parent(retval, dst_path);
    RETURN jsonb_set(retval, dst_path, tmp_value::jsonb, TRUE);
END;
$_$;


--
-- Name: mt_jsonb_duplicate(jsonb, text[], jsonb); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.mt_jsonb_duplicate(jsonb, text[], jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    targets ALIAS FOR $3;
    tmp_value jsonb;
    target_path text[];
    target text;
BEGIN
    FOR target IN SELECT jsonb_array_elements_text(targets)
    LOOP
        target_path = audit.mt_jsonb_path_to_array(target, '\.');
        retval = audit.mt_jsonb_copy(retval, location, target_path);
    END LOOP;

    RETURN retval;
END;
$_$;


--
-- Name: mt_jsonb_fix_null_parent(jsonb, text[]); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.mt_jsonb_fix_null_parent(jsonb, text[]) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
retval ALIAS FOR $1;
    dst_path ALIAS FOR $2;
    dst_path_segment text[] = ARRAY[]::text[];
    dst_path_array_length integer;
    i integer = 1;
BEGIN
    dst_path_array_length = array_length(dst_path, 1);
    WHILE i <=(dst_path_array_length - 1)
    LOOP
        dst_path_segment = dst_path_segment || ARRAY[dst_path[i]];
        IF retval #> dst_path_segment IS NULL OR retval #> dst_path_segment = 'null'::jsonb THEN
            retval = jsonb_set(retval, dst_path_segment, '{}'::jsonb, TRUE);
        END IF;
        i = i + 1;
    END LOOP;

    RETURN retval;
END;
$_$;


--
-- Name: mt_jsonb_increment(jsonb, text[], numeric); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.mt_jsonb_increment(jsonb, text[], numeric) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
retval ALIAS FOR $1;
    location ALIAS FOR $2;
    increment_value ALIAS FOR $3;
    tmp_value jsonb;
BEGIN
    tmp_value = retval #> location;
    IF tmp_value IS NULL THEN
        tmp_value = to_jsonb(0);
END IF;

RETURN jsonb_set(retval, location, to_jsonb(tmp_value::numeric + increment_value), TRUE);
END;
$_$;


--
-- Name: mt_jsonb_insert(jsonb, text[], jsonb, integer, boolean, jsonb); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.mt_jsonb_insert(jsonb, text[], jsonb, integer, boolean, jsonb DEFAULT NULL::jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    val ALIAS FOR $3;
    elm_index ALIAS FOR $4;
    if_not_exists ALIAS FOR $5;
    patch_expression ALIAS FOR $6;
    tmp_value jsonb;
BEGIN
    tmp_value = retval #> location;
    IF tmp_value IS NOT NULL AND jsonb_typeof(tmp_value) = 'array' THEN
        IF elm_index IS NULL THEN
            elm_index = jsonb_array_length(tmp_value) + 1;
        END IF;
        CASE
            WHEN NOT if_not_exists THEN
                retval = jsonb_insert(retval, location || elm_index::text, val);
            WHEN patch_expression IS NULL AND jsonb_typeof(val) = 'object' AND NOT tmp_value @> jsonb_build_array(val) THEN
                retval = jsonb_insert(retval, location || elm_index::text, val);
            WHEN patch_expression IS NULL AND jsonb_typeof(val) <> 'object' AND NOT tmp_value @> val THEN
                retval = jsonb_insert(retval, location || elm_index::text, val);
            WHEN patch_expression IS NOT NULL AND jsonb_typeof(patch_expression) = 'array' AND jsonb_array_length(patch_expression) = 0 THEN
                retval = jsonb_insert(retval, location || elm_index::text, val);
            ELSE NULL;
        END CASE;
    END IF;
    RETURN retval;
END;
$_$;


--
-- Name: mt_jsonb_move(jsonb, text[], text); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.mt_jsonb_move(jsonb, text[], text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    src_path ALIAS FOR $2;
    dst_name ALIAS FOR $3;
    dst_path text[];
    tmp_value jsonb;
BEGIN
    tmp_value = retval #> src_path;
    retval = retval #- src_path;
    dst_path = src_path;
    dst_path[array_length(dst_path, 1)] = dst_name;
    retval = audit.mt_jsonb_fix_null_parent(retval, dst_path);
    RETURN jsonb_set(retval, dst_path, tmp_value, TRUE);
END;
$_$;


--
-- Name: mt_jsonb_patch(jsonb, jsonb); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.mt_jsonb_patch(jsonb, jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    patchset ALIAS FOR $2;
    patch jsonb;
    patch_path text[];
    patch_expression jsonb;
    value jsonb;
BEGIN
    FOR patch IN SELECT * from jsonb_array_elements(patchset)
    LOOP
        patch_path = audit.mt_jsonb_path_to_array((patch->>'path')::text, '\.');

        patch_expression = null;
        IF (patch->>'type') IN ('remove', 'append_if_not_exists', 'insert_if_not_exists') AND (patch->>'expression') IS NOT NULL THEN
            patch_expression = jsonb_path_query_array(retval #> patch_path, (patch->>'expression')::jsonpath);
        END IF;

        CASE patch->>'type'
            WHEN 'set' THEN
                retval = jsonb_set(retval, patch_path, (patch->'value')::jsonb, TRUE);
            WHEN 'delete' THEN
                retval = retval#-patch_path;
            WHEN 'append' THEN
                retval = audit.mt_jsonb_append(retval, patch_path, (patch->'value')::jsonb, FALSE);
            WHEN 'append_if_not_exists' THEN
                retval = audit.mt_jsonb_append(retval, patch_path, (patch->'value')::jsonb, TRUE, patch_expression);
            WHEN 'append_key_value' THEN
                retval = audit.mt_jsonb_append_key_value(retval, patch_path, (patch->'key_value')::jsonb, FALSE);
            WHEN 'append_key_value_if_not_exists' THEN
                retval = audit.mt_jsonb_append_key_value(retval, patch_path, (patch->'key_value')::jsonb, TRUE);
            WHEN 'insert' THEN
                retval = audit.mt_jsonb_insert(retval, patch_path, (patch->'value')::jsonb, (patch->>'index')::integer, FALSE);
            WHEN 'insert_if_not_exists' THEN
                retval = audit.mt_jsonb_insert(retval, patch_path, (patch->'value')::jsonb, (patch->>'index')::integer, TRUE, patch_expression);
            WHEN 'remove' THEN
                retval = audit.mt_jsonb_remove(retval, patch_path, COALESCE(patch_expression, (patch->'value')::jsonb));
            WHEN 'remove_key' THEN
                retval = audit.mt_jsonb_remove_key(retval, patch_path, (patch->>'key'));
            WHEN 'duplicate' THEN
                retval = audit.mt_jsonb_duplicate(retval, patch_path, (patch->'targets')::jsonb);
            WHEN 'rename' THEN
                retval = audit.mt_jsonb_move(retval, patch_path, (patch->>'to')::text);
            WHEN 'increment' THEN
                retval = audit.mt_jsonb_increment(retval, patch_path, (patch->>'increment')::numeric);
            WHEN 'increment_float' THEN
                retval = audit.mt_jsonb_increment(retval, patch_path, (patch->>'increment')::numeric);
            ELSE NULL;
        END CASE;
    END LOOP;
    RETURN retval;
END;
$_$;


--
-- Name: mt_jsonb_path_to_array(text, character); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.mt_jsonb_path_to_array(text, character) RETURNS text[]
    LANGUAGE plpgsql
    AS $_$
DECLARE
    location ALIAS FOR $1;
    regex_pattern ALIAS FOR $2;
BEGIN
RETURN regexp_split_to_array(location, regex_pattern)::text[];
END;
$_$;


--
-- Name: mt_jsonb_remove(jsonb, text[], jsonb); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.mt_jsonb_remove(jsonb, text[], jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    val ALIAS FOR $3;
    tmp_value jsonb;
    tmp_remove jsonb;
    patch_remove jsonb;
BEGIN
    tmp_value = retval #> location;
    IF tmp_value IS NOT NULL AND jsonb_typeof(tmp_value) = 'array' THEN
        IF jsonb_typeof(val) = 'array' THEN
            tmp_remove = val;
        ELSE
            tmp_remove = jsonb_build_array(val);
        END IF;

        FOR patch_remove IN SELECT * FROM jsonb_array_elements(tmp_remove)
        LOOP
            tmp_value =(SELECT jsonb_agg(elem)
            FROM jsonb_array_elements(tmp_value) AS elem
            WHERE elem <> patch_remove);
        END LOOP;

        IF tmp_value IS NULL THEN
            tmp_value = '[]'::jsonb;
        END IF;
    END IF;
    RETURN jsonb_set(retval, location, tmp_value, FALSE);
END;
$_$;


--
-- Name: mt_jsonb_remove_key(jsonb, text[], text); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.mt_jsonb_remove_key(jsonb, text[], text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    _key ALIAS FOR $3;
    tmp_value jsonb;
    tmp_remove jsonb;
    patch_remove jsonb;
BEGIN
    tmp_value = retval #> location;
    IF tmp_value IS NOT NULL AND jsonb_typeof(tmp_value) = 'object' THEN
        RETURN jsonb_set(retval, location, tmp_value - _key, FALSE);
    END IF;
    RETURN retval;
END;
$_$;


--
-- Name: mt_safe_unaccent(boolean, text); Type: FUNCTION; Schema: audit; Owner: -
--

CREATE FUNCTION audit.mt_safe_unaccent(use_unaccent boolean, word text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE STRICT
    AS $$
BEGIN
IF use_unaccent THEN
    RETURN public.unaccent(word);
ELSE
    RETURN word;
END IF;
END;
$$;


--
-- Name: mt_archive_stream(character varying); Type: FUNCTION; Schema: invoicing; Owner: -
--

CREATE FUNCTION invoicing.mt_archive_stream(streamid character varying) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
  update invoicing.mt_streams set is_archived = TRUE where id = streamid ;
  update invoicing.mt_events set is_archived = TRUE where stream_id = streamid ;
END;
$$;


--
-- Name: mt_grams_array(text, boolean); Type: FUNCTION; Schema: invoicing; Owner: -
--

CREATE FUNCTION invoicing.mt_grams_array(words text, use_unaccent boolean DEFAULT false) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE STRICT
    AS $$
        DECLARE
result text[];
        DECLARE
word text;
        DECLARE
clean_word text;
BEGIN
                FOREACH
word IN ARRAY string_to_array(words, ' ')
                LOOP
                     clean_word = regexp_replace(invoicing.mt_safe_unaccent(use_unaccent, word), '[^a-zA-Z0-9]+', '','g');
FOR i IN 1 .. length(clean_word)
                     LOOP
                         result := result || quote_literal(substr(lower(clean_word), i, 1));
                         result
:= result || quote_literal(substr(lower(clean_word), i, 2));
                         result
:= result || quote_literal(substr(lower(clean_word), i, 3));
END LOOP;
END LOOP;

RETURN ARRAY(SELECT DISTINCT e FROM unnest(result) AS a(e) ORDER BY e);
END;
$$;


--
-- Name: mt_grams_query(text, boolean); Type: FUNCTION; Schema: invoicing; Owner: -
--

CREATE FUNCTION invoicing.mt_grams_query(text, use_unaccent boolean DEFAULT false) RETURNS tsquery
    LANGUAGE plpgsql IMMUTABLE STRICT
    AS $_$
BEGIN
RETURN (SELECT array_to_string(invoicing.mt_grams_array($1, use_unaccent), ' & ') ::tsquery);
END
$_$;


--
-- Name: mt_grams_vector(text, boolean); Type: FUNCTION; Schema: invoicing; Owner: -
--

CREATE FUNCTION invoicing.mt_grams_vector(text, use_unaccent boolean DEFAULT false) RETURNS tsvector
    LANGUAGE plpgsql IMMUTABLE STRICT
    AS $_$
BEGIN
RETURN (SELECT array_to_string(invoicing.mt_grams_array($1, use_unaccent), ' ') ::tsvector);
END
$_$;


--
-- Name: mt_immutable_date(text); Type: FUNCTION; Schema: invoicing; Owner: -
--

CREATE FUNCTION invoicing.mt_immutable_date(value text) RETURNS date
    LANGUAGE sql IMMUTABLE
    AS $$
select value::date

$$;


--
-- Name: mt_immutable_time(text); Type: FUNCTION; Schema: invoicing; Owner: -
--

CREATE FUNCTION invoicing.mt_immutable_time(value text) RETURNS time without time zone
    LANGUAGE sql IMMUTABLE
    AS $$
select value::time

$$;


--
-- Name: mt_immutable_timestamp(text); Type: FUNCTION; Schema: invoicing; Owner: -
--

CREATE FUNCTION invoicing.mt_immutable_timestamp(value text) RETURNS timestamp without time zone
    LANGUAGE sql IMMUTABLE
    AS $$
select value::timestamp

$$;


--
-- Name: mt_immutable_timestamptz(text); Type: FUNCTION; Schema: invoicing; Owner: -
--

CREATE FUNCTION invoicing.mt_immutable_timestamptz(value text) RETURNS timestamp with time zone
    LANGUAGE sql IMMUTABLE
    AS $$
select value::timestamptz

$$;


--
-- Name: mt_jsonb_append(jsonb, text[], jsonb, boolean, jsonb); Type: FUNCTION; Schema: invoicing; Owner: -
--

CREATE FUNCTION invoicing.mt_jsonb_append(jsonb, text[], jsonb, boolean, jsonb DEFAULT NULL::jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    val ALIAS FOR $3;
    if_not_exists ALIAS FOR $4;
    patch_expression ALIAS FOR $5;
    tmp_value jsonb;
BEGIN
    tmp_value = retval #> location;
    IF tmp_value IS NOT NULL AND jsonb_typeof(tmp_value) = 'array' THEN
        CASE
            WHEN NOT if_not_exists THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            WHEN patch_expression IS NULL AND jsonb_typeof(val) = 'object' AND NOT tmp_value @> jsonb_build_array(val) THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            WHEN patch_expression IS NULL AND jsonb_typeof(val) <> 'object' AND NOT tmp_value @> val THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            WHEN patch_expression IS NOT NULL AND jsonb_typeof(patch_expression) = 'array' AND jsonb_array_length(patch_expression) = 0 THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            ELSE NULL;
            END CASE;
    END IF;
    RETURN retval;
END;
$_$;


--
-- Name: mt_jsonb_append_key_value(jsonb, text[], jsonb, boolean); Type: FUNCTION; Schema: invoicing; Owner: -
--

CREATE FUNCTION invoicing.mt_jsonb_append_key_value(jsonb, text[], jsonb, boolean) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    val ALIAS FOR $3;
    if_not_exists ALIAS FOR $4;
    tmp_value jsonb;
    _key text;
BEGIN
    tmp_value = retval #> location;

    IF tmp_value IS NOT NULL AND jsonb_typeof(tmp_value) = 'object' THEN
        CASE
            WHEN NOT if_not_exists THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            WHEN NOT tmp_value ?| ARRAY(SELECT jsonb_object_keys(val)) THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            ELSE NULL;
        END CASE;
    END IF;
    RETURN retval;
END;
$_$;


--
-- Name: mt_jsonb_copy(jsonb, text[], text[]); Type: FUNCTION; Schema: invoicing; Owner: -
--

CREATE FUNCTION invoicing.mt_jsonb_copy(jsonb, text[], text[]) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    src_path ALIAS FOR $2;
    dst_path ALIAS FOR $3;
    tmp_value jsonb;
BEGIN
    tmp_value = retval #> src_path;
    retval = invoicing.mt_jsonb_fix_null_parent(retval, dst_path);
    RETURN jsonb_set(retval, dst_path, tmp_value::jsonb, TRUE);
END;
$_$;


--
-- Name: mt_jsonb_duplicate(jsonb, text[], jsonb); Type: FUNCTION; Schema: invoicing; Owner: -
--

CREATE FUNCTION invoicing.mt_jsonb_duplicate(jsonb, text[], jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    targets ALIAS FOR $3;
    tmp_value jsonb;
    target_path text[];
    target text;
BEGIN
    FOR target IN SELECT jsonb_array_elements_text(targets)
    LOOP
        target_path = invoicing.mt_jsonb_path_to_array(target, '\.');
        retval = invoicing.mt_jsonb_copy(retval, location, target_path);
    END LOOP;

    RETURN retval;
END;
$_$;


--
-- Name: mt_jsonb_fix_null_parent(jsonb, text[]); Type: FUNCTION; Schema: invoicing; Owner: -
--

CREATE FUNCTION invoicing.mt_jsonb_fix_null_parent(jsonb, text[]) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
retval ALIAS FOR $1;
    dst_path ALIAS FOR $2;
    dst_path_segment text[] = ARRAY[]::text[];
    dst_path_array_length integer;
    i integer = 1;
BEGIN
    dst_path_array_length = array_length(dst_path, 1);
    WHILE i <=(dst_path_array_length - 1)
    LOOP
        dst_path_segment = dst_path_segment || ARRAY[dst_path[i]];
        IF retval #> dst_path_segment IS NULL OR retval #> dst_path_segment = 'null'::jsonb THEN
            retval = jsonb_set(retval, dst_path_segment, '{}'::jsonb, TRUE);
        END IF;
        i = i + 1;
    END LOOP;

    RETURN retval;
END;
$_$;


--
-- Name: mt_jsonb_increment(jsonb, text[], numeric); Type: FUNCTION; Schema: invoicing; Owner: -
--

CREATE FUNCTION invoicing.mt_jsonb_increment(jsonb, text[], numeric) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
retval ALIAS FOR $1;
    location ALIAS FOR $2;
    increment_value ALIAS FOR $3;
    tmp_value jsonb;
BEGIN
    tmp_value = retval #> location;
    IF tmp_value IS NULL THEN
        tmp_value = to_jsonb(0);
END IF;

RETURN jsonb_set(retval, location, to_jsonb(tmp_value::numeric + increment_value), TRUE);
END;
$_$;


--
-- Name: mt_jsonb_insert(jsonb, text[], jsonb, integer, boolean, jsonb); Type: FUNCTION; Schema: invoicing; Owner: -
--

CREATE FUNCTION invoicing.mt_jsonb_insert(jsonb, text[], jsonb, integer, boolean, jsonb DEFAULT NULL::jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    val ALIAS FOR $3;
    elm_index ALIAS FOR $4;
    if_not_exists ALIAS FOR $5;
    patch_expression ALIAS FOR $6;
    tmp_value jsonb;
BEGIN
    tmp_value = retval #> location;
    IF tmp_value IS NOT NULL AND jsonb_typeof(tmp_value) = 'array' THEN
        IF elm_index IS NULL THEN
            elm_index = jsonb_array_length(tmp_value) + 1;
        END IF;
        CASE
            WHEN NOT if_not_exists THEN
                retval = jsonb_insert(retval, location || elm_index::text, val);
            WHEN patch_expression IS NULL AND jsonb_typeof(val) = 'object' AND NOT tmp_value @> jsonb_build_array(val) THEN
                retval = jsonb_insert(retval, location || elm_index::text, val);
            WHEN patch_expression IS NULL AND jsonb_typeof(val) <> 'object' AND NOT tmp_value @> val THEN
                retval = jsonb_insert(retval, location || elm_index::text, val);
            WHEN patch_expression IS NOT NULL AND jsonb_typeof(patch_expression) = 'array' AND jsonb_array_length(patch_expression) = 0 THEN
                retval = jsonb_insert(retval, location || elm_index::text, val);
            ELSE NULL;
        END CASE;
    END IF;
    RETURN retval;
END;
$_$;


--
-- Name: mt_jsonb_move(jsonb, text[], text); Type: FUNCTION; Schema: invoicing; Owner: -
--

CREATE FUNCTION invoicing.mt_jsonb_move(jsonb, text[], text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    src_path ALIAS FOR $2;
    dst_name ALIAS FOR $3;
    dst_path text[];
    tmp_value jsonb;
BEGIN
    tmp_value = retval #> src_path;
    retval = retval #- src_path;
    dst_path = src_path;
    dst_path[array_length(dst_path, 1)] = dst_name;
    retval = invoicing.mt_jsonb_fix_null_parent(retval, dst_path);
    RETURN jsonb_set(retval, dst_path, tmp_value, TRUE);
END;
$_$;


--
-- Name: mt_jsonb_patch(jsonb, jsonb); Type: FUNCTION; Schema: invoicing; Owner: -
--

CREATE FUNCTION invoicing.mt_jsonb_patch(jsonb, jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    patchset ALIAS FOR $2;
    patch jsonb;
    patch_path text[];
    patch_expression jsonb;
    value jsonb;
BEGIN
    FOR patch IN SELECT * from jsonb_array_elements(patchset)
    LOOP
        patch_path = invoicing.mt_jsonb_path_to_array((patch->>'path')::text, '\.');

        patch_expression = null;
        IF (patch->>'type') IN ('remove', 'append_if_not_exists', 'insert_if_not_exists') AND (patch->>'expression') IS NOT NULL THEN
            patch_expression = jsonb_path_query_array(retval #> patch_path, (patch->>'expression')::jsonpath);
        END IF;

        CASE patch->>'type'
            WHEN 'set' THEN
                retval = jsonb_set(retval, patch_path, (patch->'value')::jsonb, TRUE);
            WHEN 'delete' THEN
                retval = retval#-patch_path;
            WHEN 'append' THEN
                retval = invoicing.mt_jsonb_append(retval, patch_path, (patch->'value')::jsonb, FALSE);
            WHEN 'append_if_not_exists' THEN
                retval = invoicing.mt_jsonb_append(retval, patch_path, (patch->'value')::jsonb, TRUE, patch_expression);
            WHEN 'append_key_value' THEN
                retval = invoicing.mt_jsonb_append_key_value(retval, patch_path, (patch->'key_value')::jsonb, FALSE);
            WHEN 'append_key_value_if_not_exists' THEN
                retval = invoicing.mt_jsonb_append_key_value(retval, patch_path, (patch->'key_value')::jsonb, TRUE);
            WHEN 'insert' THEN
                retval = invoicing.mt_jsonb_insert(retval, patch_path, (patch->'value')::jsonb, (patch->>'index')::integer, FALSE);
            WHEN 'insert_if_not_exists' THEN
                retval = invoicing.mt_jsonb_insert(retval, patch_path, (patch->'value')::jsonb, (patch->>'index')::integer, TRUE, patch_expression);
            WHEN 'remove' THEN
                retval = invoicing.mt_jsonb_remove(retval, patch_path, COALESCE(patch_expression, (patch->'value')::jsonb));
            WHEN 'remove_key' THEN
                retval = invoicing.mt_jsonb_remove_key(retval, patch_path, (patch->>'key'));
            WHEN 'duplicate' THEN
                retval = invoicing.mt_jsonb_duplicate(retval, patch_path, (patch->'targets')::jsonb);
            WHEN 'rename' THEN
                retval = invoicing.mt_jsonb_move(retval, patch_path, (patch->>'to')::text);
            WHEN 'increment' THEN
                retval = invoicing.mt_jsonb_increment(retval, patch_path, (patch->>'increment')::numeric);
            WHEN 'increment_float' THEN
                retval = invoicing.mt_jsonb_increment(retval, patch_path, (patch->>'increment')::numeric);
            ELSE NULL;
        END CASE;
    END LOOP;
    RETURN retval;
END;
$_$;


--
-- Name: mt_jsonb_path_to_array(text, character); Type: FUNCTION; Schema: invoicing; Owner: -
--

CREATE FUNCTION invoicing.mt_jsonb_path_to_array(text, character) RETURNS text[]
    LANGUAGE plpgsql
    AS $_$
DECLARE
    location ALIAS FOR $1;
    regex_pattern ALIAS FOR $2;
BEGIN
RETURN regexp_split_to_array(location, regex_pattern)::text[];
END;
$_$;


--
-- Name: mt_jsonb_remove(jsonb, text[], jsonb); Type: FUNCTION; Schema: invoicing; Owner: -
--

CREATE FUNCTION invoicing.mt_jsonb_remove(jsonb, text[], jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    val ALIAS FOR $3;
    tmp_value jsonb;
    tmp_remove jsonb;
    patch_remove jsonb;
BEGIN
    tmp_value = retval #> location;
    IF tmp_value IS NOT NULL AND jsonb_typeof(tmp_value) = 'array' THEN
        IF jsonb_typeof(val) = 'array' THEN
            tmp_remove = val;
        ELSE
            tmp_remove = jsonb_build_array(val);
        END IF;

        FOR patch_remove IN SELECT * FROM jsonb_array_elements(tmp_remove)
        LOOP
            tmp_value =(SELECT jsonb_agg(elem)
            FROM jsonb_array_elements(tmp_value) AS elem
            WHERE elem <> patch_remove);
        END LOOP;

        IF tmp_value IS NULL THEN
            tmp_value = '[]'::jsonb;
        END IF;
    END IF;
    RETURN jsonb_set(retval, location, tmp_value, FALSE);
END;
$_$;


--
-- Name: mt_jsonb_remove_key(jsonb, text[], text); Type: FUNCTION; Schema: invoicing; Owner: -
--

CREATE FUNCTION invoicing.mt_jsonb_remove_key(jsonb, text[], text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    _key ALIAS FOR $3;
    tmp_value jsonb;
    tmp_remove jsonb;
    patch_remove jsonb;
BEGIN
    tmp_value = retval #> location;
    IF tmp_value IS NOT NULL AND jsonb_typeof(tmp_value) = 'object' THEN
        RETURN jsonb_set(retval, location, tmp_value - _key, FALSE);
    END IF;
    RETURN retval;
END;
$_$;


--
-- Name: mt_mark_event_progression(character varying, bigint); Type: FUNCTION; Schema: invoicing; Owner: -
--

CREATE FUNCTION invoicing.mt_mark_event_progression(name character varying, last_encountered bigint) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
INSERT INTO invoicing.mt_event_progression (name, last_seq_id, last_updated)
VALUES (name, last_encountered, transaction_timestamp())
ON CONFLICT ON CONSTRAINT pk_mt_event_progression
    DO
UPDATE SET last_seq_id = last_encountered, last_updated = transaction_timestamp();

END;

$$;


--
-- Name: mt_mark_progression_with_skip(character varying, bigint, bigint); Type: FUNCTION; Schema: invoicing; Owner: -
--

CREATE FUNCTION invoicing.mt_mark_progression_with_skip(shard_name character varying, ending_sequence bigint, starting_sequence bigint) RETURNS bigint
    LANGUAGE plpgsql
    AS $$
DECLARE
    current_value bigint;
BEGIN
    select last_seq_id into current_value from invoicing.mt_event_progression where name = shard_name;

    IF current_value is null then
        -- Bootstrap the high-water row on first invocation. Previously this branch
        -- returned 0, which left HighWaterAgent.CheckNowAsync polling forever because
        -- statistics.CurrentMark never advanced. Issue #4425.
        INSERT INTO invoicing.mt_event_progression (name, last_seq_id, last_updated)
        VALUES (shard_name, ending_sequence, transaction_timestamp())
        ON CONFLICT ON CONSTRAINT pk_mt_event_progression
            DO UPDATE SET last_seq_id = ending_sequence, last_updated = transaction_timestamp();
        IF ending_sequence > starting_sequence THEN
            -- Idempotent: a rebuild/replay re-marks the same skip (ending_sequence is the
            -- PK). Re-recording an existing gap is a no-op. Conflict target is the PK
            -- constraint (the bare column name collides with the function parameter). #4530.
            insert into invoicing.mt_high_water_skips (ending_sequence, starting_sequence) values (ending_sequence, starting_sequence)
                on conflict on constraint pkey_mt_high_water_skips_ending_sequence do nothing;
        END IF;
        return ending_sequence;
    ELSIF current_value = starting_sequence THEN
        update invoicing.mt_event_progression SET last_seq_id = ending_sequence, last_updated = transaction_timestamp() where shard_name = name;
        insert into invoicing.mt_high_water_skips (ending_sequence, starting_sequence) values (ending_sequence, starting_sequence)
            on conflict on constraint pkey_mt_high_water_skips_ending_sequence do nothing;
        return ending_sequence;
    ELSE
        return current_value;
    END IF;
END
$$;


--
-- Name: mt_quick_append_events(character varying, character varying, character varying, uuid[], character varying[], character varying[], jsonb[], bytea[], timestamp with time zone[], bigint); Type: FUNCTION; Schema: invoicing; Owner: -
--

CREATE FUNCTION invoicing.mt_quick_append_events(stream character varying, stream_type character varying, tenantid character varying, event_ids uuid[], event_types character varying[], dotnet_types character varying[], bodies jsonb[], bdatas bytea[], timestamps timestamp with time zone[], expected_version bigint DEFAULT NULL::bigint) RETURNS bigint[]
    LANGUAGE plpgsql
    AS $$
DECLARE
	event_version bigint;
	stream_is_archived boolean;
	event_type varchar;
	event_id uuid;
	body jsonb;
	index int;
	seq bigint;
    actual_tenant varchar;
    is_new_stream boolean := false;
	return_value bigint[];
BEGIN
    if expected_version IS NOT NULL then
        -- COALESCE turns the NULL we get for a brand-new stream into 0, so a
        -- FetchForWriting against a non-existent stream (which sets
        -- ExpectedVersionOnServer = 0) and a StartStream(id, version: 0) both
        -- land on the new-stream branch instead of mis-firing the guard.
        select version, is_archived into event_version, stream_is_archived from invoicing.mt_streams where id = stream;
        if COALESCE(event_version, 0) != expected_version then
            RAISE EXCEPTION 'Stream version mismatch on ''%'': expected %, actual %', stream, expected_version, COALESCE(event_version, 0) USING ERRCODE = 'MT003';
        end if;
    else
        select version, is_archived into event_version, stream_is_archived from invoicing.mt_streams where id = stream;
    end if;

	if event_version IS NULL then
		event_version = 0;
		is_new_stream := true;
		-- #5456 follow-up: insert the FINAL version straight away rather than 0 plus a
		-- trailing UPDATE of the row we just wrote in this same transaction. That UPDATE
		-- is a second heap tuple + WAL record per stream creation for no observable gain
		-- -- nothing outside this transaction can see the intermediate 0. The trailing
		-- UPDATE below is skipped for this branch via is_new_stream.
		insert into invoicing.mt_streams (id, type, version, timestamp, tenant_id) values (stream, stream_type, COALESCE(array_length(event_ids, 1), 0), now(), tenantid);
    else
        if stream_is_archived then
            RAISE EXCEPTION 'Attempted to append event to archived stream with Id ''%''.', stream USING ERRCODE = 'MT001';
        end if;
        if tenantid IS NOT NULL then
            select tenant_id into actual_tenant from invoicing.mt_streams where id = stream;
            if actual_tenant != tenantid then
                RAISE EXCEPTION 'The tenantid does not match the existing stream';
            end if;
        end if;
	end if;

	index := 1;
	-- #5062: array_length('{}', 1) is NULL in PostgreSQL, not 0, so a call with an
	-- empty event array used to return ARRAY[NULL] -- a bigint[] whose only element
	-- is NULL, which Npgsql cannot read into long[] ('Cannot read a non-nullable
	-- collection of elements because the returned array contains nulls'). COALESCE
	-- makes the empty case mean what it says: zero events appended, so the final
	-- version is the stream's current version.
	return_value := ARRAY[event_version + COALESCE(array_length(event_ids, 1), 0)];

	foreach event_id in ARRAY event_ids
	loop
        seq := nextval('invoicing.mt_events_sequence');
		return_value := array_append(return_value, seq);

	    event_version := event_version + 1;
		event_type = event_types[index];
		body = bodies[index];

		-- #4515 / #4578 / Phase 2: bdatas[index] carries the binary payload
		-- for events opted in to binary serialization (NULL otherwise).
		-- bodies[index] is the {} JSON placeholder for those events so the
		-- existing data jsonb NOT NULL constraint stays intact.
		insert into invoicing.mt_events
			(seq_id, id, stream_id, version, data, bdata, type, tenant_id, timestamp, mt_dotnet_type, is_archived)
		values
			(seq, event_id, stream, event_version, body, bdatas[index], event_type, tenantid, timestamps[index], dotnet_types[index], FALSE);

		index := index + 1;
	end loop;

	-- A brand-new stream already carries its final version from the insert above, so the
	-- UPDATE is only needed when we appended onto a stream that already existed.
	--
	-- #5539: and only when we actually appended something. With ZERO events this was a BLIND write-back
	-- of the version read at the top of the function, and under READ COMMITTED that is a lost update: the
	-- UPDATE waits on a concurrent appender's row lock, the winner commits, the WHERE clause is
	-- re-evaluated against the new row, and `set version = <the stale value>` lands -- leaving
	-- mt_streams.version BELOW the stream's own events. Every later append then computes a version that
	-- already exists and dies on pk_mt_events_stream_and_version, forever, until the row is repaired by
	-- hand. A non-empty call cannot do this: its first INSERT collides with the winner on that same
	-- primary key and rolls the whole thing back, which is why only the empty case was exposed.
	--
	-- Two independent guards, because either alone would have been enough and the cost of both is nil:
	--   * the append count -- appending nothing has nothing to write, so the correct number of statements
	--     is zero rather than one that happens to be harmless;
	--   * greatest(), so the write-back can never LOWER a stream's version whoever calls it. An append
	--     only ever moves a version forward, so this is a no-op on every correct path and a backstop on
	--     any future caller that reads the version and then writes it back.
	if not is_new_stream and COALESCE(array_length(event_ids, 1), 0) > 0 then
		update invoicing.mt_streams set version = greatest(version, event_version), timestamp = now() where id = stream;
	end if;

	return return_value;
END
$$;


--
-- Name: mt_safe_unaccent(boolean, text); Type: FUNCTION; Schema: invoicing; Owner: -
--

CREATE FUNCTION invoicing.mt_safe_unaccent(use_unaccent boolean, word text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE STRICT
    AS $$
BEGIN
IF use_unaccent THEN
    RETURN public.unaccent(word);
ELSE
    RETURN word;
END IF;
END;
$$;


--
-- Name: mt_archive_stream(character varying); Type: FUNCTION; Schema: metering; Owner: -
--

CREATE FUNCTION metering.mt_archive_stream(streamid character varying) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
  update metering.mt_streams set is_archived = TRUE where id = streamid ;
  update metering.mt_events set is_archived = TRUE where stream_id = streamid ;
END;
$$;


--
-- Name: mt_grams_array(text, boolean); Type: FUNCTION; Schema: metering; Owner: -
--

CREATE FUNCTION metering.mt_grams_array(words text, use_unaccent boolean DEFAULT false) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE STRICT
    AS $$
        DECLARE
result text[];
        DECLARE
word text;
        DECLARE
clean_word text;
BEGIN
                FOREACH
word IN ARRAY string_to_array(words, ' ')
                LOOP
                     clean_word = regexp_replace(metering.mt_safe_unaccent(use_unaccent, word), '[^a-zA-Z0-9]+', '','g');
FOR i IN 1 .. length(clean_word)
                     LOOP
                         result := result || quote_literal(substr(lower(clean_word), i, 1));
                         result
:= result || quote_literal(substr(lower(clean_word), i, 2));
                         result
:= result || quote_literal(substr(lower(clean_word), i, 3));
END LOOP;
END LOOP;

RETURN ARRAY(SELECT DISTINCT e FROM unnest(result) AS a(e) ORDER BY e);
END;
$$;


--
-- Name: mt_grams_query(text, boolean); Type: FUNCTION; Schema: metering; Owner: -
--

CREATE FUNCTION metering.mt_grams_query(text, use_unaccent boolean DEFAULT false) RETURNS tsquery
    LANGUAGE plpgsql IMMUTABLE STRICT
    AS $_$
BEGIN
RETURN (SELECT array_to_string(metering.mt_grams_array($1, use_unaccent), ' & ') ::tsquery);
END
$_$;


--
-- Name: mt_grams_vector(text, boolean); Type: FUNCTION; Schema: metering; Owner: -
--

CREATE FUNCTION metering.mt_grams_vector(text, use_unaccent boolean DEFAULT false) RETURNS tsvector
    LANGUAGE plpgsql IMMUTABLE STRICT
    AS $_$
BEGIN
RETURN (SELECT array_to_string(metering.mt_grams_array($1, use_unaccent), ' ') ::tsvector);
END
$_$;


--
-- Name: mt_immutable_date(text); Type: FUNCTION; Schema: metering; Owner: -
--

CREATE FUNCTION metering.mt_immutable_date(value text) RETURNS date
    LANGUAGE sql IMMUTABLE
    AS $$
select value::date

$$;


--
-- Name: mt_immutable_time(text); Type: FUNCTION; Schema: metering; Owner: -
--

CREATE FUNCTION metering.mt_immutable_time(value text) RETURNS time without time zone
    LANGUAGE sql IMMUTABLE
    AS $$
select value::time

$$;


--
-- Name: mt_immutable_timestamp(text); Type: FUNCTION; Schema: metering; Owner: -
--

CREATE FUNCTION metering.mt_immutable_timestamp(value text) RETURNS timestamp without time zone
    LANGUAGE sql IMMUTABLE
    AS $$
select value::timestamp

$$;


--
-- Name: mt_immutable_timestamptz(text); Type: FUNCTION; Schema: metering; Owner: -
--

CREATE FUNCTION metering.mt_immutable_timestamptz(value text) RETURNS timestamp with time zone
    LANGUAGE sql IMMUTABLE
    AS $$
select value::timestamptz

$$;


--
-- Name: mt_jsonb_append(jsonb, text[], jsonb, boolean, jsonb); Type: FUNCTION; Schema: metering; Owner: -
--

CREATE FUNCTION metering.mt_jsonb_append(jsonb, text[], jsonb, boolean, jsonb DEFAULT NULL::jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    val ALIAS FOR $3;
    if_not_exists ALIAS FOR $4;
    patch_expression ALIAS FOR $5;
    tmp_value jsonb;
BEGIN
    tmp_value = retval #> location;
    IF tmp_value IS NOT NULL AND jsonb_typeof(tmp_value) = 'array' THEN
        CASE
            WHEN NOT if_not_exists THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            WHEN patch_expression IS NULL AND jsonb_typeof(val) = 'object' AND NOT tmp_value @> jsonb_build_array(val) THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            WHEN patch_expression IS NULL AND jsonb_typeof(val) <> 'object' AND NOT tmp_value @> val THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            WHEN patch_expression IS NOT NULL AND jsonb_typeof(patch_expression) = 'array' AND jsonb_array_length(patch_expression) = 0 THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            ELSE NULL;
            END CASE;
    END IF;
    RETURN retval;
END;
$_$;


--
-- Name: mt_jsonb_append_key_value(jsonb, text[], jsonb, boolean); Type: FUNCTION; Schema: metering; Owner: -
--

CREATE FUNCTION metering.mt_jsonb_append_key_value(jsonb, text[], jsonb, boolean) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    val ALIAS FOR $3;
    if_not_exists ALIAS FOR $4;
    tmp_value jsonb;
    _key text;
BEGIN
    tmp_value = retval #> location;

    IF tmp_value IS NOT NULL AND jsonb_typeof(tmp_value) = 'object' THEN
        CASE
            WHEN NOT if_not_exists THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            WHEN NOT tmp_value ?| ARRAY(SELECT jsonb_object_keys(val)) THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            ELSE NULL;
        END CASE;
    END IF;
    RETURN retval;
END;
$_$;


--
-- Name: mt_jsonb_copy(jsonb, text[], text[]); Type: FUNCTION; Schema: metering; Owner: -
--

CREATE FUNCTION metering.mt_jsonb_copy(jsonb, text[], text[]) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    src_path ALIAS FOR $2;
    dst_path ALIAS FOR $3;
    tmp_value jsonb;
BEGIN
    tmp_value = retval #> src_path;
    retval = metering.mt_jsonb_fix_null_parent(retval, dst_path);
    RETURN jsonb_set(retval, dst_path, tmp_value::jsonb, TRUE);
END;
$_$;


--
-- Name: mt_jsonb_duplicate(jsonb, text[], jsonb); Type: FUNCTION; Schema: metering; Owner: -
--

CREATE FUNCTION metering.mt_jsonb_duplicate(jsonb, text[], jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    targets ALIAS FOR $3;
    tmp_value jsonb;
    target_path text[];
    target text;
BEGIN
    FOR target IN SELECT jsonb_array_elements_text(targets)
    LOOP
        target_path = metering.mt_jsonb_path_to_array(target, '\.');
        retval = metering.mt_jsonb_copy(retval, location, target_path);
    END LOOP;

    RETURN retval;
END;
$_$;


--
-- Name: mt_jsonb_fix_null_parent(jsonb, text[]); Type: FUNCTION; Schema: metering; Owner: -
--

CREATE FUNCTION metering.mt_jsonb_fix_null_parent(jsonb, text[]) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
retval ALIAS FOR $1;
    dst_path ALIAS FOR $2;
    dst_path_segment text[] = ARRAY[]::text[];
    dst_path_array_length integer;
    i integer = 1;
BEGIN
    dst_path_array_length = array_length(dst_path, 1);
    WHILE i <=(dst_path_array_length - 1)
    LOOP
        dst_path_segment = dst_path_segment || ARRAY[dst_path[i]];
        IF retval #> dst_path_segment IS NULL OR retval #> dst_path_segment = 'null'::jsonb THEN
            retval = jsonb_set(retval, dst_path_segment, '{}'::jsonb, TRUE);
        END IF;
        i = i + 1;
    END LOOP;

    RETURN retval;
END;
$_$;


--
-- Name: mt_jsonb_increment(jsonb, text[], numeric); Type: FUNCTION; Schema: metering; Owner: -
--

CREATE FUNCTION metering.mt_jsonb_increment(jsonb, text[], numeric) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
retval ALIAS FOR $1;
    location ALIAS FOR $2;
    increment_value ALIAS FOR $3;
    tmp_value jsonb;
BEGIN
    tmp_value = retval #> location;
    IF tmp_value IS NULL THEN
        tmp_value = to_jsonb(0);
END IF;

RETURN jsonb_set(retval, location, to_jsonb(tmp_value::numeric + increment_value), TRUE);
END;
$_$;


--
-- Name: mt_jsonb_insert(jsonb, text[], jsonb, integer, boolean, jsonb); Type: FUNCTION; Schema: metering; Owner: -
--

CREATE FUNCTION metering.mt_jsonb_insert(jsonb, text[], jsonb, integer, boolean, jsonb DEFAULT NULL::jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    val ALIAS FOR $3;
    elm_index ALIAS FOR $4;
    if_not_exists ALIAS FOR $5;
    patch_expression ALIAS FOR $6;
    tmp_value jsonb;
BEGIN
    tmp_value = retval #> location;
    IF tmp_value IS NOT NULL AND jsonb_typeof(tmp_value) = 'array' THEN
        IF elm_index IS NULL THEN
            elm_index = jsonb_array_length(tmp_value) + 1;
        END IF;
        CASE
            WHEN NOT if_not_exists THEN
                retval = jsonb_insert(retval, location || elm_index::text, val);
            WHEN patch_expression IS NULL AND jsonb_typeof(val) = 'object' AND NOT tmp_value @> jsonb_build_array(val) THEN
                retval = jsonb_insert(retval, location || elm_index::text, val);
            WHEN patch_expression IS NULL AND jsonb_typeof(val) <> 'object' AND NOT tmp_value @> val THEN
                retval = jsonb_insert(retval, location || elm_index::text, val);
            WHEN patch_expression IS NOT NULL AND jsonb_typeof(patch_expression) = 'array' AND jsonb_array_length(patch_expression) = 0 THEN
                retval = jsonb_insert(retval, location || elm_index::text, val);
            ELSE NULL;
        END CASE;
    END IF;
    RETURN retval;
END;
$_$;


--
-- Name: mt_jsonb_move(jsonb, text[], text); Type: FUNCTION; Schema: metering; Owner: -
--

CREATE FUNCTION metering.mt_jsonb_move(jsonb, text[], text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    src_path ALIAS FOR $2;
    dst_name ALIAS FOR $3;
    dst_path text[];
    tmp_value jsonb;
BEGIN
    tmp_value = retval #> src_path;
    retval = retval #- src_path;
    dst_path = src_path;
    dst_path[array_length(dst_path, 1)] = dst_name;
    retval = metering.mt_jsonb_fix_null_parent(retval, dst_path);
    RETURN jsonb_set(retval, dst_path, tmp_value, TRUE);
END;
$_$;


--
-- Name: mt_jsonb_patch(jsonb, jsonb); Type: FUNCTION; Schema: metering; Owner: -
--

CREATE FUNCTION metering.mt_jsonb_patch(jsonb, jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    patchset ALIAS FOR $2;
    patch jsonb;
    patch_path text[];
    patch_expression jsonb;
    value jsonb;
BEGIN
    FOR patch IN SELECT * from jsonb_array_elements(patchset)
    LOOP
        patch_path = metering.mt_jsonb_path_to_array((patch->>'path')::text, '\.');

        patch_expression = null;
        IF (patch->>'type') IN ('remove', 'append_if_not_exists', 'insert_if_not_exists') AND (patch->>'expression') IS NOT NULL THEN
            patch_expression = jsonb_path_query_array(retval #> patch_path, (patch->>'expression')::jsonpath);
        END IF;

        CASE patch->>'type'
            WHEN 'set' THEN
                retval = jsonb_set(retval, patch_path, (patch->'value')::jsonb, TRUE);
            WHEN 'delete' THEN
                retval = retval#-patch_path;
            WHEN 'append' THEN
                retval = metering.mt_jsonb_append(retval, patch_path, (patch->'value')::jsonb, FALSE);
            WHEN 'append_if_not_exists' THEN
                retval = metering.mt_jsonb_append(retval, patch_path, (patch->'value')::jsonb, TRUE, patch_expression);
            WHEN 'append_key_value' THEN
                retval = metering.mt_jsonb_append_key_value(retval, patch_path, (patch->'key_value')::jsonb, FALSE);
            WHEN 'append_key_value_if_not_exists' THEN
                retval = metering.mt_jsonb_append_key_value(retval, patch_path, (patch->'key_value')::jsonb, TRUE);
            WHEN 'insert' THEN
                retval = metering.mt_jsonb_insert(retval, patch_path, (patch->'value')::jsonb, (patch->>'index')::integer, FALSE);
            WHEN 'insert_if_not_exists' THEN
                retval = metering.mt_jsonb_insert(retval, patch_path, (patch->'value')::jsonb, (patch->>'index')::integer, TRUE, patch_expression);
            WHEN 'remove' THEN
                retval = metering.mt_jsonb_remove(retval, patch_path, COALESCE(patch_expression, (patch->'value')::jsonb));
            WHEN 'remove_key' THEN
                retval = metering.mt_jsonb_remove_key(retval, patch_path, (patch->>'key'));
            WHEN 'duplicate' THEN
                retval = metering.mt_jsonb_duplicate(retval, patch_path, (patch->'targets')::jsonb);
            WHEN 'rename' THEN
                retval = metering.mt_jsonb_move(retval, patch_path, (patch->>'to')::text);
            WHEN 'increment' THEN
                retval = metering.mt_jsonb_increment(retval, patch_path, (patch->>'increment')::numeric);
            WHEN 'increment_float' THEN
                retval = metering.mt_jsonb_increment(retval, patch_path, (patch->>'increment')::numeric);
            ELSE NULL;
        END CASE;
    END LOOP;
    RETURN retval;
END;
$_$;


--
-- Name: mt_jsonb_path_to_array(text, character); Type: FUNCTION; Schema: metering; Owner: -
--

CREATE FUNCTION metering.mt_jsonb_path_to_array(text, character) RETURNS text[]
    LANGUAGE plpgsql
    AS $_$
DECLARE
    location ALIAS FOR $1;
    regex_pattern ALIAS FOR $2;
BEGIN
RETURN regexp_split_to_array(location, regex_pattern)::text[];
END;
$_$;


--
-- Name: mt_jsonb_remove(jsonb, text[], jsonb); Type: FUNCTION; Schema: metering; Owner: -
--

CREATE FUNCTION metering.mt_jsonb_remove(jsonb, text[], jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    val ALIAS FOR $3;
    tmp_value jsonb;
    tmp_remove jsonb;
    patch_remove jsonb;
BEGIN
    tmp_value = retval #> location;
    IF tmp_value IS NOT NULL AND jsonb_typeof(tmp_value) = 'array' THEN
        IF jsonb_typeof(val) = 'array' THEN
            tmp_remove = val;
        ELSE
            tmp_remove = jsonb_build_array(val);
        END IF;

        FOR patch_remove IN SELECT * FROM jsonb_array_elements(tmp_remove)
        LOOP
            tmp_value =(SELECT jsonb_agg(elem)
            FROM jsonb_array_elements(tmp_value) AS elem
            WHERE elem <> patch_remove);
        END LOOP;

        IF tmp_value IS NULL THEN
            tmp_value = '[]'::jsonb;
        END IF;
    END IF;
    RETURN jsonb_set(retval, location, tmp_value, FALSE);
END;
$_$;


--
-- Name: mt_jsonb_remove_key(jsonb, text[], text); Type: FUNCTION; Schema: metering; Owner: -
--

CREATE FUNCTION metering.mt_jsonb_remove_key(jsonb, text[], text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    _key ALIAS FOR $3;
    tmp_value jsonb;
    tmp_remove jsonb;
    patch_remove jsonb;
BEGIN
    tmp_value = retval #> location;
    IF tmp_value IS NOT NULL AND jsonb_typeof(tmp_value) = 'object' THEN
        RETURN jsonb_set(retval, location, tmp_value - _key, FALSE);
    END IF;
    RETURN retval;
END;
$_$;


--
-- Name: mt_mark_event_progression(character varying, bigint); Type: FUNCTION; Schema: metering; Owner: -
--

CREATE FUNCTION metering.mt_mark_event_progression(name character varying, last_encountered bigint) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
INSERT INTO metering.mt_event_progression (name, last_seq_id, last_updated)
VALUES (name, last_encountered, transaction_timestamp())
ON CONFLICT ON CONSTRAINT pk_mt_event_progression
    DO
UPDATE SET last_seq_id = last_encountered, last_updated = transaction_timestamp();

END;

$$;


--
-- Name: mt_mark_progression_with_skip(character varying, bigint, bigint); Type: FUNCTION; Schema: metering; Owner: -
--

CREATE FUNCTION metering.mt_mark_progression_with_skip(shard_name character varying, ending_sequence bigint, starting_sequence bigint) RETURNS bigint
    LANGUAGE plpgsql
    AS $$
DECLARE
    current_value bigint;
BEGIN
    select last_seq_id into current_value from metering.mt_event_progression where name = shard_name;

    IF current_value is null then
        -- Bootstrap the high-water row on first invocation. Previously this branch
        -- returned 0, which left HighWaterAgent.CheckNowAsync polling forever because
        -- statistics.CurrentMark never advanced. Issue #4425.
        INSERT INTO metering.mt_event_progression (name, last_seq_id, last_updated)
        VALUES (shard_name, ending_sequence, transaction_timestamp())
        ON CONFLICT ON CONSTRAINT pk_mt_event_progression
            DO UPDATE SET last_seq_id = ending_sequence, last_updated = transaction_timestamp();
        IF ending_sequence > starting_sequence THEN
            -- Idempotent: a rebuild/replay re-marks the same skip (ending_sequence is the
            -- PK). Re-recording an existing gap is a no-op. Conflict target is the PK
            -- constraint (the bare column name collides with the function parameter). #4530.
            insert into metering.mt_high_water_skips (ending_sequence, starting_sequence) values (ending_sequence, starting_sequence)
                on conflict on constraint pkey_mt_high_water_skips_ending_sequence do nothing;
        END IF;
        return ending_sequence;
    ELSIF current_value = starting_sequence THEN
        update metering.mt_event_progression SET last_seq_id = ending_sequence, last_updated = transaction_timestamp() where shard_name = name;
        insert into metering.mt_high_water_skips (ending_sequence, starting_sequence) values (ending_sequence, starting_sequence)
            on conflict on constraint pkey_mt_high_water_skips_ending_sequence do nothing;
        return ending_sequence;
    ELSE
        return current_value;
    END IF;
END
$$;


--
-- Name: mt_quick_append_events(character varying, character varying, character varying, uuid[], character varying[], character varying[], jsonb[], bytea[], timestamp with time zone[], bigint); Type: FUNCTION; Schema: metering; Owner: -
--

CREATE FUNCTION metering.mt_quick_append_events(stream character varying, stream_type character varying, tenantid character varying, event_ids uuid[], event_types character varying[], dotnet_types character varying[], bodies jsonb[], bdatas bytea[], timestamps timestamp with time zone[], expected_version bigint DEFAULT NULL::bigint) RETURNS bigint[]
    LANGUAGE plpgsql
    AS $$
DECLARE
	event_version bigint;
	stream_is_archived boolean;
	event_type varchar;
	event_id uuid;
	body jsonb;
	index int;
	seq bigint;
    actual_tenant varchar;
    is_new_stream boolean := false;
	return_value bigint[];
BEGIN
    if expected_version IS NOT NULL then
        -- COALESCE turns the NULL we get for a brand-new stream into 0, so a
        -- FetchForWriting against a non-existent stream (which sets
        -- ExpectedVersionOnServer = 0) and a StartStream(id, version: 0) both
        -- land on the new-stream branch instead of mis-firing the guard.
        select version, is_archived into event_version, stream_is_archived from metering.mt_streams where id = stream;
        if COALESCE(event_version, 0) != expected_version then
            RAISE EXCEPTION 'Stream version mismatch on ''%'': expected %, actual %', stream, expected_version, COALESCE(event_version, 0) USING ERRCODE = 'MT003';
        end if;
    else
        select version, is_archived into event_version, stream_is_archived from metering.mt_streams where id = stream;
    end if;

	if event_version IS NULL then
		event_version = 0;
		is_new_stream := true;
		-- #5456 follow-up: insert the FINAL version straight away rather than 0 plus a
		-- trailing UPDATE of the row we just wrote in this same transaction. That UPDATE
		-- is a second heap tuple + WAL record per stream creation for no observable gain
		-- -- nothing outside this transaction can see the intermediate 0. The trailing
		-- UPDATE below is skipped for this branch via is_new_stream.
		insert into metering.mt_streams (id, type, version, timestamp, tenant_id) values (stream, stream_type, COALESCE(array_length(event_ids, 1), 0), now(), tenantid);
    else
        if stream_is_archived then
            RAISE EXCEPTION 'Attempted to append event to archived stream with Id ''%''.', stream USING ERRCODE = 'MT001';
        end if;
        if tenantid IS NOT NULL then
            select tenant_id into actual_tenant from metering.mt_streams where id = stream;
            if actual_tenant != tenantid then
                RAISE EXCEPTION 'The tenantid does not match the existing stream';
            end if;
        end if;
	end if;

	index := 1;
	-- #5062: array_length('{}', 1) is NULL in PostgreSQL, not 0, so a call with an
	-- empty event array used to return ARRAY[NULL] -- a bigint[] whose only element
	-- is NULL, which Npgsql cannot read into long[] ('Cannot read a non-nullable
	-- collection of elements because the returned array contains nulls'). COALESCE
	-- makes the empty case mean what it says: zero events appended, so the final
	-- version is the stream's current version.
	return_value := ARRAY[event_version + COALESCE(array_length(event_ids, 1), 0)];

	foreach event_id in ARRAY event_ids
	loop
        seq := nextval('metering.mt_events_sequence');
		return_value := array_append(return_value, seq);

	    event_version := event_version + 1;
		event_type = event_types[index];
		body = bodies[index];

		-- #4515 / #4578 / Phase 2: bdatas[index] carries the binary payload
		-- for events opted in to binary serialization (NULL otherwise).
		-- bodies[index] is the {} JSON placeholder for those events so the
		-- existing data jsonb NOT NULL constraint stays intact.
		insert into metering.mt_events
			(seq_id, id, stream_id, version, data, bdata, type, tenant_id, timestamp, mt_dotnet_type, is_archived)
		values
			(seq, event_id, stream, event_version, body, bdatas[index], event_type, tenantid, timestamps[index], dotnet_types[index], FALSE);

		index := index + 1;
	end loop;

	-- A brand-new stream already carries its final version from the insert above, so the
	-- UPDATE is only needed when we appended onto a stream that already existed.
	--
	-- #5539: and only when we actually appended something. With ZERO events this was a BLIND write-back
	-- of the version read at the top of the function, and under READ COMMITTED that is a lost update: the
	-- UPDATE waits on a concurrent appender's row lock, the winner commits, the WHERE clause is
	-- re-evaluated against the new row, and `set version = <the stale value>` lands -- leaving
	-- mt_streams.version BELOW the stream's own events. Every later append then computes a version that
	-- already exists and dies on pk_mt_events_stream_and_version, forever, until the row is repaired by
	-- hand. A non-empty call cannot do this: its first INSERT collides with the winner on that same
	-- primary key and rolls the whole thing back, which is why only the empty case was exposed.
	--
	-- Two independent guards, because either alone would have been enough and the cost of both is nil:
	--   * the append count -- appending nothing has nothing to write, so the correct number of statements
	--     is zero rather than one that happens to be harmless;
	--   * greatest(), so the write-back can never LOWER a stream's version whoever calls it. An append
	--     only ever moves a version forward, so this is a no-op on every correct path and a backstop on
	--     any future caller that reads the version and then writes it back.
	if not is_new_stream and COALESCE(array_length(event_ids, 1), 0) > 0 then
		update metering.mt_streams set version = greatest(version, event_version), timestamp = now() where id = stream;
	end if;

	return return_value;
END
$$;


--
-- Name: mt_safe_unaccent(boolean, text); Type: FUNCTION; Schema: metering; Owner: -
--

CREATE FUNCTION metering.mt_safe_unaccent(use_unaccent boolean, word text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE STRICT
    AS $$
BEGIN
IF use_unaccent THEN
    RETURN public.unaccent(word);
ELSE
    RETURN word;
END IF;
END;
$$;


--
-- Name: mt_archive_stream(character varying); Type: FUNCTION; Schema: pricing; Owner: -
--

CREATE FUNCTION pricing.mt_archive_stream(streamid character varying) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
  update pricing.mt_streams set is_archived = TRUE where id = streamid ;
  update pricing.mt_events set is_archived = TRUE where stream_id = streamid ;
END;
$$;


--
-- Name: mt_grams_array(text, boolean); Type: FUNCTION; Schema: pricing; Owner: -
--

CREATE FUNCTION pricing.mt_grams_array(words text, use_unaccent boolean DEFAULT false) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE STRICT
    AS $$
        DECLARE
result text[];
        DECLARE
word text;
        DECLARE
clean_word text;
BEGIN
                FOREACH
word IN ARRAY string_to_array(words, ' ')
                LOOP
                     clean_word = regexp_replace(pricing.mt_safe_unaccent(use_unaccent, word), '[^a-zA-Z0-9]+', '','g');
FOR i IN 1 .. length(clean_word)
                     LOOP
                         result := result || quote_literal(substr(lower(clean_word), i, 1));
                         result
:= result || quote_literal(substr(lower(clean_word), i, 2));
                         result
:= result || quote_literal(substr(lower(clean_word), i, 3));
END LOOP;
END LOOP;

RETURN ARRAY(SELECT DISTINCT e FROM unnest(result) AS a(e) ORDER BY e);
END;
$$;


--
-- Name: mt_grams_query(text, boolean); Type: FUNCTION; Schema: pricing; Owner: -
--

CREATE FUNCTION pricing.mt_grams_query(text, use_unaccent boolean DEFAULT false) RETURNS tsquery
    LANGUAGE plpgsql IMMUTABLE STRICT
    AS $_$
BEGIN
RETURN (SELECT array_to_string(pricing.mt_grams_array($1, use_unaccent), ' & ') ::tsquery);
END
$_$;


--
-- Name: mt_grams_vector(text, boolean); Type: FUNCTION; Schema: pricing; Owner: -
--

CREATE FUNCTION pricing.mt_grams_vector(text, use_unaccent boolean DEFAULT false) RETURNS tsvector
    LANGUAGE plpgsql IMMUTABLE STRICT
    AS $_$
BEGIN
RETURN (SELECT array_to_string(pricing.mt_grams_array($1, use_unaccent), ' ') ::tsvector);
END
$_$;


--
-- Name: mt_immutable_date(text); Type: FUNCTION; Schema: pricing; Owner: -
--

CREATE FUNCTION pricing.mt_immutable_date(value text) RETURNS date
    LANGUAGE sql IMMUTABLE
    AS $$
select value::date

$$;


--
-- Name: mt_immutable_time(text); Type: FUNCTION; Schema: pricing; Owner: -
--

CREATE FUNCTION pricing.mt_immutable_time(value text) RETURNS time without time zone
    LANGUAGE sql IMMUTABLE
    AS $$
select value::time

$$;


--
-- Name: mt_immutable_timestamp(text); Type: FUNCTION; Schema: pricing; Owner: -
--

CREATE FUNCTION pricing.mt_immutable_timestamp(value text) RETURNS timestamp without time zone
    LANGUAGE sql IMMUTABLE
    AS $$
select value::timestamp

$$;


--
-- Name: mt_immutable_timestamptz(text); Type: FUNCTION; Schema: pricing; Owner: -
--

CREATE FUNCTION pricing.mt_immutable_timestamptz(value text) RETURNS timestamp with time zone
    LANGUAGE sql IMMUTABLE
    AS $$
select value::timestamptz

$$;


--
-- Name: mt_jsonb_append(jsonb, text[], jsonb, boolean, jsonb); Type: FUNCTION; Schema: pricing; Owner: -
--

CREATE FUNCTION pricing.mt_jsonb_append(jsonb, text[], jsonb, boolean, jsonb DEFAULT NULL::jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    val ALIAS FOR $3;
    if_not_exists ALIAS FOR $4;
    patch_expression ALIAS FOR $5;
    tmp_value jsonb;
BEGIN
    tmp_value = retval #> location;
    IF tmp_value IS NOT NULL AND jsonb_typeof(tmp_value) = 'array' THEN
        CASE
            WHEN NOT if_not_exists THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            WHEN patch_expression IS NULL AND jsonb_typeof(val) = 'object' AND NOT tmp_value @> jsonb_build_array(val) THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            WHEN patch_expression IS NULL AND jsonb_typeof(val) <> 'object' AND NOT tmp_value @> val THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            WHEN patch_expression IS NOT NULL AND jsonb_typeof(patch_expression) = 'array' AND jsonb_array_length(patch_expression) = 0 THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            ELSE NULL;
            END CASE;
    END IF;
    RETURN retval;
END;
$_$;


--
-- Name: mt_jsonb_append_key_value(jsonb, text[], jsonb, boolean); Type: FUNCTION; Schema: pricing; Owner: -
--

CREATE FUNCTION pricing.mt_jsonb_append_key_value(jsonb, text[], jsonb, boolean) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    val ALIAS FOR $3;
    if_not_exists ALIAS FOR $4;
    tmp_value jsonb;
    _key text;
BEGIN
    tmp_value = retval #> location;

    IF tmp_value IS NOT NULL AND jsonb_typeof(tmp_value) = 'object' THEN
        CASE
            WHEN NOT if_not_exists THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            WHEN NOT tmp_value ?| ARRAY(SELECT jsonb_object_keys(val)) THEN
                retval = jsonb_set(retval, location, tmp_value || val, FALSE);
            ELSE NULL;
        END CASE;
    END IF;
    RETURN retval;
END;
$_$;


--
-- Name: mt_jsonb_copy(jsonb, text[], text[]); Type: FUNCTION; Schema: pricing; Owner: -
--

CREATE FUNCTION pricing.mt_jsonb_copy(jsonb, text[], text[]) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    src_path ALIAS FOR $2;
    dst_path ALIAS FOR $3;
    tmp_value jsonb;
BEGIN
    tmp_value = retval #> src_path;
    retval = pricing.mt_jsonb_fix_null_parent(retval, dst_path);
    RETURN jsonb_set(retval, dst_path, tmp_value::jsonb, TRUE);
END;
$_$;


--
-- Name: mt_jsonb_duplicate(jsonb, text[], jsonb); Type: FUNCTION; Schema: pricing; Owner: -
--

CREATE FUNCTION pricing.mt_jsonb_duplicate(jsonb, text[], jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    targets ALIAS FOR $3;
    tmp_value jsonb;
    target_path text[];
    target text;
BEGIN
    FOR target IN SELECT jsonb_array_elements_text(targets)
    LOOP
        target_path = pricing.mt_jsonb_path_to_array(target, '\.');
        retval = pricing.mt_jsonb_copy(retval, location, target_path);
    END LOOP;

    RETURN retval;
END;
$_$;


--
-- Name: mt_jsonb_fix_null_parent(jsonb, text[]); Type: FUNCTION; Schema: pricing; Owner: -
--

CREATE FUNCTION pricing.mt_jsonb_fix_null_parent(jsonb, text[]) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
retval ALIAS FOR $1;
    dst_path ALIAS FOR $2;
    dst_path_segment text[] = ARRAY[]::text[];
    dst_path_array_length integer;
    i integer = 1;
BEGIN
    dst_path_array_length = array_length(dst_path, 1);
    WHILE i <=(dst_path_array_length - 1)
    LOOP
        dst_path_segment = dst_path_segment || ARRAY[dst_path[i]];
        IF retval #> dst_path_segment IS NULL OR retval #> dst_path_segment = 'null'::jsonb THEN
            retval = jsonb_set(retval, dst_path_segment, '{}'::jsonb, TRUE);
        END IF;
        i = i + 1;
    END LOOP;

    RETURN retval;
END;
$_$;


--
-- Name: mt_jsonb_increment(jsonb, text[], numeric); Type: FUNCTION; Schema: pricing; Owner: -
--

CREATE FUNCTION pricing.mt_jsonb_increment(jsonb, text[], numeric) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
retval ALIAS FOR $1;
    location ALIAS FOR $2;
    increment_value ALIAS FOR $3;
    tmp_value jsonb;
BEGIN
    tmp_value = retval #> location;
    IF tmp_value IS NULL THEN
        tmp_value = to_jsonb(0);
END IF;

RETURN jsonb_set(retval, location, to_jsonb(tmp_value::numeric + increment_value), TRUE);
END;
$_$;


--
-- Name: mt_jsonb_insert(jsonb, text[], jsonb, integer, boolean, jsonb); Type: FUNCTION; Schema: pricing; Owner: -
--

CREATE FUNCTION pricing.mt_jsonb_insert(jsonb, text[], jsonb, integer, boolean, jsonb DEFAULT NULL::jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    val ALIAS FOR $3;
    elm_index ALIAS FOR $4;
    if_not_exists ALIAS FOR $5;
    patch_expression ALIAS FOR $6;
    tmp_value jsonb;
BEGIN
    tmp_value = retval #> location;
    IF tmp_value IS NOT NULL AND jsonb_typeof(tmp_value) = 'array' THEN
        IF elm_index IS NULL THEN
            elm_index = jsonb_array_length(tmp_value) + 1;
        END IF;
        CASE
            WHEN NOT if_not_exists THEN
                retval = jsonb_insert(retval, location || elm_index::text, val);
            WHEN patch_expression IS NULL AND jsonb_typeof(val) = 'object' AND NOT tmp_value @> jsonb_build_array(val) THEN
                retval = jsonb_insert(retval, location || elm_index::text, val);
            WHEN patch_expression IS NULL AND jsonb_typeof(val) <> 'object' AND NOT tmp_value @> val THEN
                retval = jsonb_insert(retval, location || elm_index::text, val);
            WHEN patch_expression IS NOT NULL AND jsonb_typeof(patch_expression) = 'array' AND jsonb_array_length(patch_expression) = 0 THEN
                retval = jsonb_insert(retval, location || elm_index::text, val);
            ELSE NULL;
        END CASE;
    END IF;
    RETURN retval;
END;
$_$;


--
-- Name: mt_jsonb_move(jsonb, text[], text); Type: FUNCTION; Schema: pricing; Owner: -
--

CREATE FUNCTION pricing.mt_jsonb_move(jsonb, text[], text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    src_path ALIAS FOR $2;
    dst_name ALIAS FOR $3;
    dst_path text[];
    tmp_value jsonb;
BEGIN
    tmp_value = retval #> src_path;
    retval = retval #- src_path;
    dst_path = src_path;
    dst_path[array_length(dst_path, 1)] = dst_name;
    retval = pricing.mt_jsonb_fix_null_parent(retval, dst_path);
    RETURN jsonb_set(retval, dst_path, tmp_value, TRUE);
END;
$_$;


--
-- Name: mt_jsonb_patch(jsonb, jsonb); Type: FUNCTION; Schema: pricing; Owner: -
--

CREATE FUNCTION pricing.mt_jsonb_patch(jsonb, jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    patchset ALIAS FOR $2;
    patch jsonb;
    patch_path text[];
    patch_expression jsonb;
    value jsonb;
BEGIN
    FOR patch IN SELECT * from jsonb_array_elements(patchset)
    LOOP
        patch_path = pricing.mt_jsonb_path_to_array((patch->>'path')::text, '\.');

        patch_expression = null;
        IF (patch->>'type') IN ('remove', 'append_if_not_exists', 'insert_if_not_exists') AND (patch->>'expression') IS NOT NULL THEN
            patch_expression = jsonb_path_query_array(retval #> patch_path, (patch->>'expression')::jsonpath);
        END IF;

        CASE patch->>'type'
            WHEN 'set' THEN
                retval = jsonb_set(retval, patch_path, (patch->'value')::jsonb, TRUE);
            WHEN 'delete' THEN
                retval = retval#-patch_path;
            WHEN 'append' THEN
                retval = pricing.mt_jsonb_append(retval, patch_path, (patch->'value')::jsonb, FALSE);
            WHEN 'append_if_not_exists' THEN
                retval = pricing.mt_jsonb_append(retval, patch_path, (patch->'value')::jsonb, TRUE, patch_expression);
            WHEN 'append_key_value' THEN
                retval = pricing.mt_jsonb_append_key_value(retval, patch_path, (patch->'key_value')::jsonb, FALSE);
            WHEN 'append_key_value_if_not_exists' THEN
                retval = pricing.mt_jsonb_append_key_value(retval, patch_path, (patch->'key_value')::jsonb, TRUE);
            WHEN 'insert' THEN
                retval = pricing.mt_jsonb_insert(retval, patch_path, (patch->'value')::jsonb, (patch->>'index')::integer, FALSE);
            WHEN 'insert_if_not_exists' THEN
                retval = pricing.mt_jsonb_insert(retval, patch_path, (patch->'value')::jsonb, (patch->>'index')::integer, TRUE, patch_expression);
            WHEN 'remove' THEN
                retval = pricing.mt_jsonb_remove(retval, patch_path, COALESCE(patch_expression, (patch->'value')::jsonb));
            WHEN 'remove_key' THEN
                retval = pricing.mt_jsonb_remove_key(retval, patch_path, (patch->>'key'));
            WHEN 'duplicate' THEN
                retval = pricing.mt_jsonb_duplicate(retval, patch_path, (patch->'targets')::jsonb);
            WHEN 'rename' THEN
                retval = pricing.mt_jsonb_move(retval, patch_path, (patch->>'to')::text);
            WHEN 'increment' THEN
                retval = pricing.mt_jsonb_increment(retval, patch_path, (patch->>'increment')::numeric);
            WHEN 'increment_float' THEN
                retval = pricing.mt_jsonb_increment(retval, patch_path, (patch->>'increment')::numeric);
            ELSE NULL;
        END CASE;
    END LOOP;
    RETURN retval;
END;
$_$;


--
-- Name: mt_jsonb_path_to_array(text, character); Type: FUNCTION; Schema: pricing; Owner: -
--

CREATE FUNCTION pricing.mt_jsonb_path_to_array(text, character) RETURNS text[]
    LANGUAGE plpgsql
    AS $_$
DECLARE
    location ALIAS FOR $1;
    regex_pattern ALIAS FOR $2;
BEGIN
RETURN regexp_split_to_array(location, regex_pattern)::text[];
END;
$_$;


--
-- Name: mt_jsonb_remove(jsonb, text[], jsonb); Type: FUNCTION; Schema: pricing; Owner: -
--

CREATE FUNCTION pricing.mt_jsonb_remove(jsonb, text[], jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    val ALIAS FOR $3;
    tmp_value jsonb;
    tmp_remove jsonb;
    patch_remove jsonb;
BEGIN
    tmp_value = retval #> location;
    IF tmp_value IS NOT NULL AND jsonb_typeof(tmp_value) = 'array' THEN
        IF jsonb_typeof(val) = 'array' THEN
            tmp_remove = val;
        ELSE
            tmp_remove = jsonb_build_array(val);
        END IF;

        FOR patch_remove IN SELECT * FROM jsonb_array_elements(tmp_remove)
        LOOP
            tmp_value =(SELECT jsonb_agg(elem)
            FROM jsonb_array_elements(tmp_value) AS elem
            WHERE elem <> patch_remove);
        END LOOP;

        IF tmp_value IS NULL THEN
            tmp_value = '[]'::jsonb;
        END IF;
    END IF;
    RETURN jsonb_set(retval, location, tmp_value, FALSE);
END;
$_$;


--
-- Name: mt_jsonb_remove_key(jsonb, text[], text); Type: FUNCTION; Schema: pricing; Owner: -
--

CREATE FUNCTION pricing.mt_jsonb_remove_key(jsonb, text[], text) RETURNS jsonb
    LANGUAGE plpgsql
    AS $_$
DECLARE
    retval ALIAS FOR $1;
    location ALIAS FOR $2;
    _key ALIAS FOR $3;
    tmp_value jsonb;
    tmp_remove jsonb;
    patch_remove jsonb;
BEGIN
    tmp_value = retval #> location;
    IF tmp_value IS NOT NULL AND jsonb_typeof(tmp_value) = 'object' THEN
        RETURN jsonb_set(retval, location, tmp_value - _key, FALSE);
    END IF;
    RETURN retval;
END;
$_$;


--
-- Name: mt_mark_event_progression(character varying, bigint); Type: FUNCTION; Schema: pricing; Owner: -
--

CREATE FUNCTION pricing.mt_mark_event_progression(name character varying, last_encountered bigint) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
INSERT INTO pricing.mt_event_progression (name, last_seq_id, last_updated)
VALUES (name, last_encountered, transaction_timestamp())
ON CONFLICT ON CONSTRAINT pk_mt_event_progression
    DO
UPDATE SET last_seq_id = last_encountered, last_updated = transaction_timestamp();

END;

$$;


--
-- Name: mt_mark_progression_with_skip(character varying, bigint, bigint); Type: FUNCTION; Schema: pricing; Owner: -
--

CREATE FUNCTION pricing.mt_mark_progression_with_skip(shard_name character varying, ending_sequence bigint, starting_sequence bigint) RETURNS bigint
    LANGUAGE plpgsql
    AS $$
DECLARE
    current_value bigint;
BEGIN
    select last_seq_id into current_value from pricing.mt_event_progression where name = shard_name;

    IF current_value is null then
        -- Bootstrap the high-water row on first invocation. Previously this branch
        -- returned 0, which left HighWaterAgent.CheckNowAsync polling forever because
        -- statistics.CurrentMark never advanced. Issue #4425.
        INSERT INTO pricing.mt_event_progression (name, last_seq_id, last_updated)
        VALUES (shard_name, ending_sequence, transaction_timestamp())
        ON CONFLICT ON CONSTRAINT pk_mt_event_progression
            DO UPDATE SET last_seq_id = ending_sequence, last_updated = transaction_timestamp();
        IF ending_sequence > starting_sequence THEN
            -- Idempotent: a rebuild/replay re-marks the same skip (ending_sequence is the
            -- PK). Re-recording an existing gap is a no-op. Conflict target is the PK
            -- constraint (the bare column name collides with the function parameter). #4530.
            insert into pricing.mt_high_water_skips (ending_sequence, starting_sequence) values (ending_sequence, starting_sequence)
                on conflict on constraint pkey_mt_high_water_skips_ending_sequence do nothing;
        END IF;
        return ending_sequence;
    ELSIF current_value = starting_sequence THEN
        update pricing.mt_event_progression SET last_seq_id = ending_sequence, last_updated = transaction_timestamp() where shard_name = name;
        insert into pricing.mt_high_water_skips (ending_sequence, starting_sequence) values (ending_sequence, starting_sequence)
            on conflict on constraint pkey_mt_high_water_skips_ending_sequence do nothing;
        return ending_sequence;
    ELSE
        return current_value;
    END IF;
END
$$;


--
-- Name: mt_quick_append_events(character varying, character varying, character varying, uuid[], character varying[], character varying[], jsonb[], bytea[], timestamp with time zone[], bigint); Type: FUNCTION; Schema: pricing; Owner: -
--

CREATE FUNCTION pricing.mt_quick_append_events(stream character varying, stream_type character varying, tenantid character varying, event_ids uuid[], event_types character varying[], dotnet_types character varying[], bodies jsonb[], bdatas bytea[], timestamps timestamp with time zone[], expected_version bigint DEFAULT NULL::bigint) RETURNS bigint[]
    LANGUAGE plpgsql
    AS $$
DECLARE
	event_version bigint;
	stream_is_archived boolean;
	event_type varchar;
	event_id uuid;
	body jsonb;
	index int;
	seq bigint;
    actual_tenant varchar;
    is_new_stream boolean := false;
	return_value bigint[];
BEGIN
    if expected_version IS NOT NULL then
        -- COALESCE turns the NULL we get for a brand-new stream into 0, so a
        -- FetchForWriting against a non-existent stream (which sets
        -- ExpectedVersionOnServer = 0) and a StartStream(id, version: 0) both
        -- land on the new-stream branch instead of mis-firing the guard.
        select version, is_archived into event_version, stream_is_archived from pricing.mt_streams where id = stream;
        if COALESCE(event_version, 0) != expected_version then
            RAISE EXCEPTION 'Stream version mismatch on ''%'': expected %, actual %', stream, expected_version, COALESCE(event_version, 0) USING ERRCODE = 'MT003';
        end if;
    else
        select version, is_archived into event_version, stream_is_archived from pricing.mt_streams where id = stream;
    end if;

	if event_version IS NULL then
		event_version = 0;
		is_new_stream := true;
		-- #5456 follow-up: insert the FINAL version straight away rather than 0 plus a
		-- trailing UPDATE of the row we just wrote in this same transaction. That UPDATE
		-- is a second heap tuple + WAL record per stream creation for no observable gain
		-- -- nothing outside this transaction can see the intermediate 0. The trailing
		-- UPDATE below is skipped for this branch via is_new_stream.
		insert into pricing.mt_streams (id, type, version, timestamp, tenant_id) values (stream, stream_type, COALESCE(array_length(event_ids, 1), 0), now(), tenantid);
    else
        if stream_is_archived then
            RAISE EXCEPTION 'Attempted to append event to archived stream with Id ''%''.', stream USING ERRCODE = 'MT001';
        end if;
        if tenantid IS NOT NULL then
            select tenant_id into actual_tenant from pricing.mt_streams where id = stream;
            if actual_tenant != tenantid then
                RAISE EXCEPTION 'The tenantid does not match the existing stream';
            end if;
        end if;
	end if;

	index := 1;
	-- #5062: array_length('{}', 1) is NULL in PostgreSQL, not 0, so a call with an
	-- empty event array used to return ARRAY[NULL] -- a bigint[] whose only element
	-- is NULL, which Npgsql cannot read into long[] ('Cannot read a non-nullable
	-- collection of elements because the returned array contains nulls'). COALESCE
	-- makes the empty case mean what it says: zero events appended, so the final
	-- version is the stream's current version.
	return_value := ARRAY[event_version + COALESCE(array_length(event_ids, 1), 0)];

	foreach event_id in ARRAY event_ids
	loop
        seq := nextval('pricing.mt_events_sequence');
		return_value := array_append(return_value, seq);

	    event_version := event_version + 1;
		event_type = event_types[index];
		body = bodies[index];

		-- #4515 / #4578 / Phase 2: bdatas[index] carries the binary payload
		-- for events opted in to binary serialization (NULL otherwise).
		-- bodies[index] is the {} JSON placeholder for those events so the
		-- existing data jsonb NOT NULL constraint stays intact.
		insert into pricing.mt_events
			(seq_id, id, stream_id, version, data, bdata, type, tenant_id, timestamp, mt_dotnet_type, is_archived)
		values
			(seq, event_id, stream, event_version, body, bdatas[index], event_type, tenantid, timestamps[index], dotnet_types[index], FALSE);

		index := index + 1;
	end loop;

	-- A brand-new stream already carries its final version from the insert above, so the
	-- UPDATE is only needed when we appended onto a stream that already existed.
	--
	-- #5539: and only when we actually appended something. With ZERO events this was a BLIND write-back
	-- of the version read at the top of the function, and under READ COMMITTED that is a lost update: the
	-- UPDATE waits on a concurrent appender's row lock, the winner commits, the WHERE clause is
	-- re-evaluated against the new row, and `set version = <the stale value>` lands -- leaving
	-- mt_streams.version BELOW the stream's own events. Every later append then computes a version that
	-- already exists and dies on pk_mt_events_stream_and_version, forever, until the row is repaired by
	-- hand. A non-empty call cannot do this: its first INSERT collides with the winner on that same
	-- primary key and rolls the whole thing back, which is why only the empty case was exposed.
	--
	-- Two independent guards, because either alone would have been enough and the cost of both is nil:
	--   * the append count -- appending nothing has nothing to write, so the correct number of statements
	--     is zero rather than one that happens to be harmless;
	--   * greatest(), so the write-back can never LOWER a stream's version whoever calls it. An append
	--     only ever moves a version forward, so this is a no-op on every correct path and a backstop on
	--     any future caller that reads the version and then writes it back.
	if not is_new_stream and COALESCE(array_length(event_ids, 1), 0) > 0 then
		update pricing.mt_streams set version = greatest(version, event_version), timestamp = now() where id = stream;
	end if;

	return return_value;
END
$$;


--
-- Name: mt_safe_unaccent(boolean, text); Type: FUNCTION; Schema: pricing; Owner: -
--

CREATE FUNCTION pricing.mt_safe_unaccent(use_unaccent boolean, word text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE STRICT
    AS $$
BEGIN
IF use_unaccent THEN
    RETURN public.unaccent(word);
ELSE
    RETURN word;
END IF;
END;
$$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: mt_doc_accessgrant; Type: TABLE; Schema: audit; Owner: -
--

CREATE TABLE audit.mt_doc_accessgrant (
    id character varying NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_version uuid DEFAULT (md5(((random())::text || (clock_timestamp())::text)))::uuid NOT NULL,
    mt_dotnet_type character varying
);


--
-- Name: mt_doc_apikey; Type: TABLE; Schema: audit; Owner: -
--

CREATE TABLE audit.mt_doc_apikey (
    id character varying NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_version uuid DEFAULT (md5(((random())::text || (clock_timestamp())::text)))::uuid NOT NULL,
    mt_dotnet_type character varying
);


--
-- Name: invoice_numbers; Type: TABLE; Schema: invoicing; Owner: -
--

CREATE TABLE invoicing.invoice_numbers (
    series character varying NOT NULL,
    last_number bigint NOT NULL
);


--
-- Name: ledger_tally; Type: TABLE; Schema: invoicing; Owner: -
--

CREATE TABLE invoicing.ledger_tally (
    ledger_event_id uuid NOT NULL,
    tenant_id character varying NOT NULL,
    bucket_start timestamp with time zone NOT NULL,
    gpu_seconds integer NOT NULL
);


--
-- Name: mt_doc_accessgrant; Type: TABLE; Schema: invoicing; Owner: -
--

CREATE TABLE invoicing.mt_doc_accessgrant (
    id character varying NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_version uuid DEFAULT (md5(((random())::text || (clock_timestamp())::text)))::uuid NOT NULL,
    mt_dotnet_type character varying
);


--
-- Name: mt_doc_apikey; Type: TABLE; Schema: invoicing; Owner: -
--

CREATE TABLE invoicing.mt_doc_apikey (
    id character varying NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_version uuid DEFAULT (md5(((random())::text || (clock_timestamp())::text)))::uuid NOT NULL,
    mt_dotnet_type character varying
);


--
-- Name: mt_doc_billingaccountstate; Type: TABLE; Schema: invoicing; Owner: -
--

CREATE TABLE invoicing.mt_doc_billingaccountstate (
    id character varying NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_dotnet_type character varying,
    mt_version bigint DEFAULT 0 NOT NULL
);


--
-- Name: mt_doc_billingaccountview; Type: TABLE; Schema: invoicing; Owner: -
--

CREATE TABLE invoicing.mt_doc_billingaccountview (
    id character varying NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_dotnet_type character varying,
    mt_version bigint DEFAULT 0 NOT NULL
);


--
-- Name: mt_doc_deadletterevent; Type: TABLE; Schema: invoicing; Owner: -
--

CREATE TABLE invoicing.mt_doc_deadletterevent (
    id uuid NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_version uuid DEFAULT (md5(((random())::text || (clock_timestamp())::text)))::uuid NOT NULL,
    mt_dotnet_type character varying
);


--
-- Name: mt_doc_invoice; Type: TABLE; Schema: invoicing; Owner: -
--

CREATE TABLE invoicing.mt_doc_invoice (
    id character varying NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_dotnet_type character varying,
    mt_version bigint DEFAULT 0 NOT NULL
);


--
-- Name: mt_doc_invoicesummary; Type: TABLE; Schema: invoicing; Owner: -
--

CREATE TABLE invoicing.mt_doc_invoicesummary (
    id character varying NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_version uuid DEFAULT (md5(((random())::text || (clock_timestamp())::text)))::uuid NOT NULL,
    mt_dotnet_type character varying
);


--
-- Name: mt_doc_issuedcreditnote; Type: TABLE; Schema: invoicing; Owner: -
--

CREATE TABLE invoicing.mt_doc_issuedcreditnote (
    id character varying NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_version uuid DEFAULT (md5(((random())::text || (clock_timestamp())::text)))::uuid NOT NULL,
    mt_dotnet_type character varying
);


--
-- Name: mt_doc_periodcharges; Type: TABLE; Schema: invoicing; Owner: -
--

CREATE TABLE invoicing.mt_doc_periodcharges (
    id character varying NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_version uuid DEFAULT (md5(((random())::text || (clock_timestamp())::text)))::uuid NOT NULL,
    mt_dotnet_type character varying
);


--
-- Name: mt_doc_usagethresholds; Type: TABLE; Schema: invoicing; Owner: -
--

CREATE TABLE invoicing.mt_doc_usagethresholds (
    id character varying NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_version uuid DEFAULT (md5(((random())::text || (clock_timestamp())::text)))::uuid NOT NULL,
    mt_dotnet_type character varying
);


--
-- Name: mt_event_progression; Type: TABLE; Schema: invoicing; Owner: -
--

CREATE TABLE invoicing.mt_event_progression (
    name character varying NOT NULL,
    last_seq_id bigint,
    last_updated timestamp with time zone DEFAULT transaction_timestamp(),
    mode character varying DEFAULT 'none'::character varying,
    rebuild_threshold integer DEFAULT 0,
    assigned_node integer DEFAULT 0,
    heartbeat timestamp with time zone,
    agent_status character varying(20),
    pause_reason text,
    running_on_node integer,
    warning_behind_threshold bigint,
    critical_behind_threshold bigint,
    failure_category character varying(50),
    failure_event_sequence bigint,
    failure_event_type character varying(500),
    failure_event_tenant_id character varying(500)
);


--
-- Name: mt_event_projection_floors; Type: TABLE; Schema: invoicing; Owner: -
--

CREATE TABLE invoicing.mt_event_projection_floors (
    name character varying NOT NULL,
    tenant_id character varying NOT NULL,
    floor bigint NOT NULL,
    last_updated timestamp with time zone DEFAULT transaction_timestamp()
);


--
-- Name: mt_events; Type: TABLE; Schema: invoicing; Owner: -
--

CREATE TABLE invoicing.mt_events (
    seq_id bigint NOT NULL,
    id uuid NOT NULL,
    stream_id character varying,
    version bigint NOT NULL,
    data jsonb NOT NULL,
    bdata bytea,
    type character varying(500) NOT NULL,
    "timestamp" timestamp with time zone DEFAULT '2026-12-06 21:53:10.676148+00'::timestamp with time zone NOT NULL,
    tenant_id character varying DEFAULT '*DEFAULT*'::character varying,
    mt_dotnet_type character varying,
    is_archived boolean DEFAULT false
);


--
-- Name: mt_events_sequence; Type: SEQUENCE; Schema: invoicing; Owner: -
--

CREATE SEQUENCE invoicing.mt_events_sequence
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: mt_events_sequence; Type: SEQUENCE OWNED BY; Schema: invoicing; Owner: -
--

ALTER SEQUENCE invoicing.mt_events_sequence OWNED BY invoicing.mt_events.seq_id;


--
-- Name: mt_high_water_skips; Type: TABLE; Schema: invoicing; Owner: -
--

CREATE TABLE invoicing.mt_high_water_skips (
    ending_sequence bigint NOT NULL,
    starting_sequence bigint NOT NULL,
    "timestamp" timestamp with time zone DEFAULT transaction_timestamp()
);


--
-- Name: mt_streams; Type: TABLE; Schema: invoicing; Owner: -
--

CREATE TABLE invoicing.mt_streams (
    id character varying NOT NULL,
    type character varying,
    version bigint,
    "timestamp" timestamp with time zone DEFAULT now() NOT NULL,
    created timestamp with time zone DEFAULT now() NOT NULL,
    tenant_id character varying DEFAULT '*DEFAULT*'::character varying,
    compacted_version bigint DEFAULT 0 NOT NULL,
    is_archived boolean DEFAULT false
);


--
-- Name: intake; Type: TABLE; Schema: metering; Owner: -
--

CREATE TABLE metering.intake (
    node_id character varying NOT NULL,
    second timestamp with time zone NOT NULL,
    sequence bigint NOT NULL,
    gpus jsonb NOT NULL
);


--
-- Name: mt_doc_accessgrant; Type: TABLE; Schema: metering; Owner: -
--

CREATE TABLE metering.mt_doc_accessgrant (
    id character varying NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_version uuid DEFAULT (md5(((random())::text || (clock_timestamp())::text)))::uuid NOT NULL,
    mt_dotnet_type character varying
);


--
-- Name: mt_doc_apikey; Type: TABLE; Schema: metering; Owner: -
--

CREATE TABLE metering.mt_doc_apikey (
    id character varying NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_version uuid DEFAULT (md5(((random())::text || (clock_timestamp())::text)))::uuid NOT NULL,
    mt_dotnet_type character varying
);


--
-- Name: mt_doc_deadletterevent; Type: TABLE; Schema: metering; Owner: -
--

CREATE TABLE metering.mt_doc_deadletterevent (
    id uuid NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_version uuid DEFAULT (md5(((random())::text || (clock_timestamp())::text)))::uuid NOT NULL,
    mt_dotnet_type character varying
);


--
-- Name: mt_doc_nodehourledger; Type: TABLE; Schema: metering; Owner: -
--

CREATE TABLE metering.mt_doc_nodehourledger (
    id character varying NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_dotnet_type character varying,
    mt_version bigint DEFAULT 0 NOT NULL
);


--
-- Name: mt_event_progression; Type: TABLE; Schema: metering; Owner: -
--

CREATE TABLE metering.mt_event_progression (
    name character varying NOT NULL,
    last_seq_id bigint,
    last_updated timestamp with time zone DEFAULT transaction_timestamp(),
    mode character varying DEFAULT 'none'::character varying,
    rebuild_threshold integer DEFAULT 0,
    assigned_node integer DEFAULT 0,
    heartbeat timestamp with time zone,
    agent_status character varying(20),
    pause_reason text,
    running_on_node integer,
    warning_behind_threshold bigint,
    critical_behind_threshold bigint,
    failure_category character varying(50),
    failure_event_sequence bigint,
    failure_event_type character varying(500),
    failure_event_tenant_id character varying(500)
);


--
-- Name: mt_event_projection_floors; Type: TABLE; Schema: metering; Owner: -
--

CREATE TABLE metering.mt_event_projection_floors (
    name character varying NOT NULL,
    tenant_id character varying NOT NULL,
    floor bigint NOT NULL,
    last_updated timestamp with time zone DEFAULT transaction_timestamp()
);


--
-- Name: mt_events; Type: TABLE; Schema: metering; Owner: -
--

CREATE TABLE metering.mt_events (
    seq_id bigint NOT NULL,
    id uuid NOT NULL,
    stream_id character varying,
    version bigint NOT NULL,
    data jsonb NOT NULL,
    bdata bytea,
    type character varying(500) NOT NULL,
    "timestamp" timestamp with time zone DEFAULT '2026-12-06 21:53:30.865667+00'::timestamp with time zone NOT NULL,
    tenant_id character varying DEFAULT '*DEFAULT*'::character varying,
    mt_dotnet_type character varying,
    is_archived boolean DEFAULT false
);


--
-- Name: mt_events_sequence; Type: SEQUENCE; Schema: metering; Owner: -
--

CREATE SEQUENCE metering.mt_events_sequence
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: mt_events_sequence; Type: SEQUENCE OWNED BY; Schema: metering; Owner: -
--

ALTER SEQUENCE metering.mt_events_sequence OWNED BY metering.mt_events.seq_id;


--
-- Name: mt_high_water_skips; Type: TABLE; Schema: metering; Owner: -
--

CREATE TABLE metering.mt_high_water_skips (
    ending_sequence bigint NOT NULL,
    starting_sequence bigint NOT NULL,
    "timestamp" timestamp with time zone DEFAULT transaction_timestamp()
);


--
-- Name: mt_streams; Type: TABLE; Schema: metering; Owner: -
--

CREATE TABLE metering.mt_streams (
    id character varying NOT NULL,
    type character varying,
    version bigint,
    "timestamp" timestamp with time zone DEFAULT now() NOT NULL,
    created timestamp with time zone DEFAULT now() NOT NULL,
    tenant_id character varying DEFAULT '*DEFAULT*'::character varying,
    compacted_version bigint DEFAULT 0 NOT NULL,
    is_archived boolean DEFAULT false
);


--
-- Name: node_reporting; Type: TABLE; Schema: metering; Owner: -
--

CREATE TABLE metering.node_reporting (
    node_id character varying NOT NULL,
    first_second timestamp with time zone NOT NULL,
    last_second timestamp with time zone NOT NULL,
    seconds_recorded bigint NOT NULL,
    first_sequence bigint NOT NULL,
    last_sequence bigint NOT NULL,
    sequences_recorded bigint NOT NULL,
    last_recorded_at timestamp with time zone NOT NULL
);


--
-- Name: usage_buckets; Type: TABLE; Schema: metering; Owner: -
--

CREATE TABLE metering.usage_buckets (
    tenant_id character varying NOT NULL,
    bucket_start timestamp with time zone NOT NULL,
    gpu_model character varying NOT NULL,
    mig_profile character varying NOT NULL,
    node_id character varying NOT NULL,
    gpu_seconds bigint NOT NULL
);


--
-- Name: accrued_sources; Type: TABLE; Schema: pricing; Owner: -
--

CREATE TABLE pricing.accrued_sources (
    source_id character varying NOT NULL,
    stream_key character varying NOT NULL
);


--
-- Name: mt_doc_accessgrant; Type: TABLE; Schema: pricing; Owner: -
--

CREATE TABLE pricing.mt_doc_accessgrant (
    id character varying NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_version uuid DEFAULT (md5(((random())::text || (clock_timestamp())::text)))::uuid NOT NULL,
    mt_dotnet_type character varying
);


--
-- Name: mt_doc_apikey; Type: TABLE; Schema: pricing; Owner: -
--

CREATE TABLE pricing.mt_doc_apikey (
    id character varying NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_version uuid DEFAULT (md5(((random())::text || (clock_timestamp())::text)))::uuid NOT NULL,
    mt_dotnet_type character varying
);


--
-- Name: mt_doc_deadletterevent; Type: TABLE; Schema: pricing; Owner: -
--

CREATE TABLE pricing.mt_doc_deadletterevent (
    id uuid NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_version uuid DEFAULT (md5(((random())::text || (clock_timestamp())::text)))::uuid NOT NULL,
    mt_dotnet_type character varying
);


--
-- Name: mt_doc_periodusage; Type: TABLE; Schema: pricing; Owner: -
--

CREATE TABLE pricing.mt_doc_periodusage (
    id character varying NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_dotnet_type character varying,
    mt_version bigint DEFAULT 0 NOT NULL
);


--
-- Name: mt_doc_ratecard; Type: TABLE; Schema: pricing; Owner: -
--

CREATE TABLE pricing.mt_doc_ratecard (
    id character varying NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_dotnet_type character varying,
    mt_version bigint DEFAULT 0 NOT NULL
);


--
-- Name: mt_doc_ratecardsummary; Type: TABLE; Schema: pricing; Owner: -
--

CREATE TABLE pricing.mt_doc_ratecardsummary (
    id character varying NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_dotnet_type character varying,
    mt_version bigint DEFAULT 0 NOT NULL
);


--
-- Name: mt_doc_tenantterms; Type: TABLE; Schema: pricing; Owner: -
--

CREATE TABLE pricing.mt_doc_tenantterms (
    id character varying NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_version uuid DEFAULT (md5(((random())::text || (clock_timestamp())::text)))::uuid NOT NULL,
    mt_dotnet_type character varying
);


--
-- Name: mt_doc_unbilledusage; Type: TABLE; Schema: pricing; Owner: -
--

CREATE TABLE pricing.mt_doc_unbilledusage (
    id character varying NOT NULL,
    data jsonb NOT NULL,
    mt_last_modified timestamp with time zone DEFAULT transaction_timestamp(),
    mt_version uuid DEFAULT (md5(((random())::text || (clock_timestamp())::text)))::uuid NOT NULL,
    mt_dotnet_type character varying
);


--
-- Name: mt_event_progression; Type: TABLE; Schema: pricing; Owner: -
--

CREATE TABLE pricing.mt_event_progression (
    name character varying NOT NULL,
    last_seq_id bigint,
    last_updated timestamp with time zone DEFAULT transaction_timestamp(),
    mode character varying DEFAULT 'none'::character varying,
    rebuild_threshold integer DEFAULT 0,
    assigned_node integer DEFAULT 0,
    heartbeat timestamp with time zone,
    agent_status character varying(20),
    pause_reason text,
    running_on_node integer,
    warning_behind_threshold bigint,
    critical_behind_threshold bigint,
    failure_category character varying(50),
    failure_event_sequence bigint,
    failure_event_type character varying(500),
    failure_event_tenant_id character varying(500)
);


--
-- Name: mt_event_projection_floors; Type: TABLE; Schema: pricing; Owner: -
--

CREATE TABLE pricing.mt_event_projection_floors (
    name character varying NOT NULL,
    tenant_id character varying NOT NULL,
    floor bigint NOT NULL,
    last_updated timestamp with time zone DEFAULT transaction_timestamp()
);


--
-- Name: mt_events; Type: TABLE; Schema: pricing; Owner: -
--

CREATE TABLE pricing.mt_events (
    seq_id bigint NOT NULL,
    id uuid NOT NULL,
    stream_id character varying,
    version bigint NOT NULL,
    data jsonb NOT NULL,
    bdata bytea,
    type character varying(500) NOT NULL,
    "timestamp" timestamp with time zone DEFAULT '2026-12-06 21:53:20.887828+00'::timestamp with time zone NOT NULL,
    tenant_id character varying DEFAULT '*DEFAULT*'::character varying,
    mt_dotnet_type character varying,
    is_archived boolean DEFAULT false
);


--
-- Name: mt_events_sequence; Type: SEQUENCE; Schema: pricing; Owner: -
--

CREATE SEQUENCE pricing.mt_events_sequence
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: mt_events_sequence; Type: SEQUENCE OWNED BY; Schema: pricing; Owner: -
--

ALTER SEQUENCE pricing.mt_events_sequence OWNED BY pricing.mt_events.seq_id;


--
-- Name: mt_high_water_skips; Type: TABLE; Schema: pricing; Owner: -
--

CREATE TABLE pricing.mt_high_water_skips (
    ending_sequence bigint NOT NULL,
    starting_sequence bigint NOT NULL,
    "timestamp" timestamp with time zone DEFAULT transaction_timestamp()
);


--
-- Name: mt_streams; Type: TABLE; Schema: pricing; Owner: -
--

CREATE TABLE pricing.mt_streams (
    id character varying NOT NULL,
    type character varying,
    version bigint,
    "timestamp" timestamp with time zone DEFAULT now() NOT NULL,
    created timestamp with time zone DEFAULT now() NOT NULL,
    tenant_id character varying DEFAULT '*DEFAULT*'::character varying,
    compacted_version bigint DEFAULT 0 NOT NULL,
    is_archived boolean DEFAULT false
);


--
-- Data for Name: mt_doc_accessgrant; Type: TABLE DATA; Schema: audit; Owner: -
--

INSERT INTO audit.mt_doc_accessgrant VALUES ('*/auditor/auditor-b03c7d134b6f4d54804b8b5ca09bfdd1', '{"Id": "*/auditor/auditor-b03c7d134b6f4d54804b8b5ca09bfdd1", "Role": "auditor", "TenantId": "*", "GrantedAt": "2026-12-06T21:53:44.7371992+00:00", "GrantedBy": "test", "PrincipalId": "auditor-b03c7d134b6f4d54804b8b5ca09bfdd1"}', '2026-12-06 21:53:44.743513+00', '01a24d59-4125-4f5c-8cc8-c647d2bb1e7d', 'GpuBilling.Access.AccessGrant');
INSERT INTO audit.mt_doc_accessgrant VALUES ('*/auditor/auditor-9986862013004367b922897d1563587e', '{"Id": "*/auditor/auditor-9986862013004367b922897d1563587e", "Role": "auditor", "TenantId": "*", "GrantedAt": "2026-12-06T21:53:48.8365046+00:00", "GrantedBy": "test", "PrincipalId": "auditor-9986862013004367b922897d1563587e"}', '2026-12-06 21:53:48.838129+00', '01a24d59-5124-4bd1-85c7-5d98294e59ec', 'GpuBilling.Access.AccessGrant');
INSERT INTO audit.mt_doc_accessgrant VALUES ('*/auditor/auditor-28743ef3b44c4595be6830234feb8495', '{"Id": "*/auditor/auditor-28743ef3b44c4595be6830234feb8495", "Role": "auditor", "TenantId": "*", "GrantedAt": "2026-12-06T21:53:52.9359012+00:00", "GrantedBy": "test", "PrincipalId": "auditor-28743ef3b44c4595be6830234feb8495"}', '2026-12-06 21:53:52.936646+00', '01a24d59-6128-4512-955c-570656c7ed3b', 'GpuBilling.Access.AccessGrant');
INSERT INTO audit.mt_doc_accessgrant VALUES ('*/auditor/auditor-4e244bc302e5490c84d52266f99a4985', '{"Id": "*/auditor/auditor-4e244bc302e5490c84d52266f99a4985", "Role": "auditor", "TenantId": "*", "GrantedAt": "2026-12-06T21:53:56.9142661+00:00", "GrantedBy": "test", "PrincipalId": "auditor-4e244bc302e5490c84d52266f99a4985"}', '2026-12-06 21:53:56.914979+00', '01a24d59-70b2-464e-b10a-4fe88d461c29', 'GpuBilling.Access.AccessGrant');
INSERT INTO audit.mt_doc_accessgrant VALUES ('*/auditor/auditor-82582969eec245d2bbeaf8b9e5d31732', '{"Id": "*/auditor/auditor-82582969eec245d2bbeaf8b9e5d31732", "Role": "auditor", "TenantId": "*", "GrantedAt": "2026-12-06T21:53:59.9750999+00:00", "GrantedBy": "test", "PrincipalId": "auditor-82582969eec245d2bbeaf8b9e5d31732"}', '2026-12-06 21:53:59.976305+00', '01a24d59-7ca7-4566-8cb7-0d17ac0afd1c', 'GpuBilling.Access.AccessGrant');
INSERT INTO audit.mt_doc_accessgrant VALUES ('*/auditor/auditor-55812e2e336e4fdc93b32c71ebebb919', '{"Id": "*/auditor/auditor-55812e2e336e4fdc93b32c71ebebb919", "Role": "auditor", "TenantId": "*", "GrantedAt": "2026-12-06T21:54:01.9079848+00:00", "GrantedBy": "test", "PrincipalId": "auditor-55812e2e336e4fdc93b32c71ebebb919"}', '2026-12-06 21:54:01.90868+00', '01a24d59-8434-40c7-9eec-b97362bd1559', 'GpuBilling.Access.AccessGrant');
INSERT INTO audit.mt_doc_accessgrant VALUES ('*/auditor/auditor-be283fc7887946568dae9213e5d100b3', '{"Id": "*/auditor/auditor-be283fc7887946568dae9213e5d100b3", "Role": "auditor", "TenantId": "*", "GrantedAt": "2026-12-06T21:54:05.8312767+00:00", "GrantedBy": "test", "PrincipalId": "auditor-be283fc7887946568dae9213e5d100b3"}', '2026-12-06 21:54:05.832132+00', '01a24d59-9387-4963-9fc1-6acf8c071ff3', 'GpuBilling.Access.AccessGrant');
INSERT INTO audit.mt_doc_accessgrant VALUES ('*/tenant/tenant-0ec79decc1e348cdacea1a5331bb4ee0', '{"Id": "*/tenant/tenant-0ec79decc1e348cdacea1a5331bb4ee0", "Role": "tenant", "TenantId": "*", "GrantedAt": "2026-12-06T21:54:05.9534598+00:00", "GrantedBy": "test", "PrincipalId": "tenant-0ec79decc1e348cdacea1a5331bb4ee0"}', '2026-12-06 21:54:05.962341+00', '01a24d59-9401-4820-9d04-7473ebd20812', 'GpuBilling.Access.AccessGrant');
INSERT INTO audit.mt_doc_accessgrant VALUES ('*/operator/operator-8484d7dd8b3143a79b7ceaa964116317', '{"Id": "*/operator/operator-8484d7dd8b3143a79b7ceaa964116317", "Role": "operator", "TenantId": "*", "GrantedAt": "2026-12-06T21:54:05.9762771+00:00", "GrantedBy": "test", "PrincipalId": "operator-8484d7dd8b3143a79b7ceaa964116317"}', '2026-12-06 21:54:05.976831+00', '01a24d59-9418-46e1-83e9-96e34ae39d8e', 'GpuBilling.Access.AccessGrant');


--
-- Data for Name: mt_doc_apikey; Type: TABLE DATA; Schema: audit; Owner: -
--

INSERT INTO audit.mt_doc_apikey VALUES ('41b7b233f9c4cab0a8f007208f635ac92eb9f831575c83c038b4c0f02876a5a7', '{"Id": "41b7b233f9c4cab0a8f007208f635ac92eb9f831575c83c038b4c0f02876a5a7", "Role": "auditor", "CreatedAt": "2026-12-06T21:53:44.7371992+00:00", "PrincipalId": "auditor-b03c7d134b6f4d54804b8b5ca09bfdd1"}', '2026-12-06 21:53:44.743513+00', '01a24d59-4124-4df6-bd22-52e11fb8f1ae', 'GpuBilling.Access.ApiKey');
INSERT INTO audit.mt_doc_apikey VALUES ('cf8bcdd303ce1daee231d75dbe600883792c72829558462962221b97ebfd73eb', '{"Id": "cf8bcdd303ce1daee231d75dbe600883792c72829558462962221b97ebfd73eb", "Role": "auditor", "CreatedAt": "2026-12-06T21:53:48.8365046+00:00", "PrincipalId": "auditor-9986862013004367b922897d1563587e"}', '2026-12-06 21:53:48.838129+00', '01a24d59-5124-455a-94cf-1264270585b9', 'GpuBilling.Access.ApiKey');
INSERT INTO audit.mt_doc_apikey VALUES ('e87ee263fce6dda1a75e822757f60f9ca116e0d630dddc5e70110da2b5c3509a', '{"Id": "e87ee263fce6dda1a75e822757f60f9ca116e0d630dddc5e70110da2b5c3509a", "Role": "auditor", "CreatedAt": "2026-12-06T21:53:52.9359012+00:00", "PrincipalId": "auditor-28743ef3b44c4595be6830234feb8495"}', '2026-12-06 21:53:52.936646+00', '01a24d59-6128-4184-8a8d-12014c4b625b', 'GpuBilling.Access.ApiKey');
INSERT INTO audit.mt_doc_apikey VALUES ('747e46237db607963c5b0d4456a4e91c8f8680419f5a116a6aff5f8fd5552364', '{"Id": "747e46237db607963c5b0d4456a4e91c8f8680419f5a116a6aff5f8fd5552364", "Role": "auditor", "CreatedAt": "2026-12-06T21:53:56.9142661+00:00", "PrincipalId": "auditor-4e244bc302e5490c84d52266f99a4985"}', '2026-12-06 21:53:56.914979+00', '01a24d59-70b2-4cdd-b24b-2e774575d33a', 'GpuBilling.Access.ApiKey');
INSERT INTO audit.mt_doc_apikey VALUES ('3171f57ae27fa434194b2f067690ec5ffc8750a6df5e66a1da44c9eb0307e2f9', '{"Id": "3171f57ae27fa434194b2f067690ec5ffc8750a6df5e66a1da44c9eb0307e2f9", "Role": "auditor", "CreatedAt": "2026-12-06T21:53:59.9750999+00:00", "PrincipalId": "auditor-82582969eec245d2bbeaf8b9e5d31732"}', '2026-12-06 21:53:59.976305+00', '01a24d59-7ca7-4f18-a257-e742de75b89d', 'GpuBilling.Access.ApiKey');
INSERT INTO audit.mt_doc_apikey VALUES ('481bce3365fb438b1cd5261fa06fcd4d876bac55003c967be17dc10778018758', '{"Id": "481bce3365fb438b1cd5261fa06fcd4d876bac55003c967be17dc10778018758", "Role": "auditor", "CreatedAt": "2026-12-06T21:54:01.9079848+00:00", "PrincipalId": "auditor-55812e2e336e4fdc93b32c71ebebb919"}', '2026-12-06 21:54:01.90868+00', '01a24d59-8434-4a21-8c4d-6cabb64ab2e8', 'GpuBilling.Access.ApiKey');
INSERT INTO audit.mt_doc_apikey VALUES ('28dc9ace1800b307f494f0112ac220b74d2f9316d763a9dd78a3fda0c798a85f', '{"Id": "28dc9ace1800b307f494f0112ac220b74d2f9316d763a9dd78a3fda0c798a85f", "Role": "auditor", "CreatedAt": "2026-12-06T21:54:05.8312767+00:00", "PrincipalId": "auditor-be283fc7887946568dae9213e5d100b3"}', '2026-12-06 21:54:05.832132+00', '01a24d59-9387-4f76-9fdb-f60115e9b43e', 'GpuBilling.Access.ApiKey');
INSERT INTO audit.mt_doc_apikey VALUES ('4775a1c78ab33c604c3329ee57462fb41a9e071a774250799594c9f857262c39', '{"Id": "4775a1c78ab33c604c3329ee57462fb41a9e071a774250799594c9f857262c39", "Role": "tenant", "CreatedAt": "2026-12-06T21:54:05.9534598+00:00", "PrincipalId": "tenant-0ec79decc1e348cdacea1a5331bb4ee0"}', '2026-12-06 21:54:05.962341+00', '01a24d59-9401-4bdb-917d-ea34421c08ec', 'GpuBilling.Access.ApiKey');
INSERT INTO audit.mt_doc_apikey VALUES ('a89e7c11d54ad606988e9b1675c4a86bd15300f809c4fd1fc05ea326498b012d', '{"Id": "a89e7c11d54ad606988e9b1675c4a86bd15300f809c4fd1fc05ea326498b012d", "Role": "operator", "CreatedAt": "2026-12-06T21:54:05.9762771+00:00", "PrincipalId": "operator-8484d7dd8b3143a79b7ceaa964116317"}', '2026-12-06 21:54:05.976831+00', '01a24d59-9418-4382-9311-46f43dc703c4', 'GpuBilling.Access.ApiKey');


--
-- Data for Name: invoice_numbers; Type: TABLE DATA; Schema: invoicing; Owner: -
--

INSERT INTO invoicing.invoice_numbers VALUES ('untouched-issuer', 1);
INSERT INTO invoicing.invoice_numbers VALUES ('edited-rate-card-issuer', 1);
INSERT INTO invoicing.invoice_numbers VALUES ('reattributed-accrual-issuer', 1);
INSERT INTO invoicing.invoice_numbers VALUES ('edited-ledger-issuer', 1);
INSERT INTO invoicing.invoice_numbers VALUES ('edited-invoice-issuer', 1);
INSERT INTO invoicing.invoice_numbers VALUES ('edited-accrual-issuer', 1);
INSERT INTO invoicing.invoice_numbers VALUES ('lost-ledger-event-issuer', 1);


--
-- Data for Name: ledger_tally; Type: TABLE DATA; Schema: invoicing; Owner: -
--

INSERT INTO invoicing.ledger_tally VALUES ('15df73be-1f7c-4426-bbcd-8a8ba0aa9d46', 'untouched', '2026-01-10 10:00:00+00', 1200);
INSERT INTO invoicing.ledger_tally VALUES ('bd7e10b1-5a3c-4efc-95b9-581c722abd42', 'untouched', '2026-01-11 09:00:00+00', 900);
INSERT INTO invoicing.ledger_tally VALUES ('f1258134-5f53-48d0-add0-f7a5352179d8', 'untouched', '2026-01-10 11:00:00+00', 300);
INSERT INTO invoicing.ledger_tally VALUES ('2883e4b2-6d83-475f-aca1-0838839bc296', 'edited-rate-card', '2026-01-11 09:00:00+00', 900);
INSERT INTO invoicing.ledger_tally VALUES ('d676fa36-7336-46fd-a247-4580cbd42baa', 'edited-rate-card', '2026-01-10 11:00:00+00', 300);
INSERT INTO invoicing.ledger_tally VALUES ('e20cec4f-2934-4262-9c57-97e0be116506', 'edited-rate-card', '2026-01-10 10:00:00+00', 1200);
INSERT INTO invoicing.ledger_tally VALUES ('6b8883a4-3090-496b-a05f-ce7335612c73', 'reattributed-accrual', '2026-01-10 10:00:00+00', 1200);
INSERT INTO invoicing.ledger_tally VALUES ('aa0d65d8-d23e-4660-a108-aab49389807a', 'reattributed-accrual', '2026-01-11 09:00:00+00', 900);
INSERT INTO invoicing.ledger_tally VALUES ('d70e8258-fb42-4f77-8da6-1a9ddf84c488', 'reattributed-accrual', '2026-01-10 11:00:00+00', 300);
INSERT INTO invoicing.ledger_tally VALUES ('99db5f8f-8969-46f4-b537-e37279ef48df', 'edited-ledger', '2026-01-11 09:00:00+00', 900);
INSERT INTO invoicing.ledger_tally VALUES ('a4e555f0-42f3-471b-806b-5b8f8490cd1f', 'edited-ledger', '2026-01-10 11:00:00+00', 300);
INSERT INTO invoicing.ledger_tally VALUES ('df492f0b-204a-45cb-aa82-3df87e997d42', 'edited-ledger', '2026-01-10 10:00:00+00', 1200);
INSERT INTO invoicing.ledger_tally VALUES ('1331e836-8a3b-4da8-ab5a-1f67156364d9', 'edited-invoice', '2026-01-10 10:00:00+00', 1200);
INSERT INTO invoicing.ledger_tally VALUES ('53b7821a-faf2-4632-85a2-764b9d24dc4b', 'edited-invoice', '2026-01-11 09:00:00+00', 900);
INSERT INTO invoicing.ledger_tally VALUES ('b2d7fbfb-5ea7-4229-8c1f-5a027ca41365', 'edited-invoice', '2026-01-10 11:00:00+00', 300);
INSERT INTO invoicing.ledger_tally VALUES ('0f2317e5-7795-4220-a00f-5cdbd5735f08', 'edited-accrual', '2026-01-10 10:00:00+00', 1200);
INSERT INTO invoicing.ledger_tally VALUES ('1b85b02d-1e99-45db-8c57-cda9bbb11436', 'edited-accrual', '2026-01-10 11:00:00+00', 300);
INSERT INTO invoicing.ledger_tally VALUES ('6447cecd-90c1-4327-b57b-b176d19d7b31', 'edited-accrual', '2026-01-11 09:00:00+00', 900);
INSERT INTO invoicing.ledger_tally VALUES ('541e30d5-d7cb-40d7-89d3-b1045b9d9d18', 'lost-ledger-event', '2026-01-11 09:00:00+00', 900);
INSERT INTO invoicing.ledger_tally VALUES ('5e86009c-6e79-4c9e-8cda-4ed3e6fe732c', 'lost-ledger-event', '2026-01-10 10:00:00+00', 1200);
INSERT INTO invoicing.ledger_tally VALUES ('cbd5d02a-cdd6-49e8-b921-cf9612d121fa', 'lost-ledger-event', '2026-01-10 11:00:00+00', 300);


--
-- Data for Name: mt_doc_accessgrant; Type: TABLE DATA; Schema: invoicing; Owner: -
--



--
-- Data for Name: mt_doc_apikey; Type: TABLE DATA; Schema: invoicing; Owner: -
--

INSERT INTO invoicing.mt_doc_apikey VALUES ('314cb0a0e5d15647e56e65e686848f011dbb619eaed5c77c78d39a9552fb12ce', '{"Id": "314cb0a0e5d15647e56e65e686848f011dbb619eaed5c77c78d39a9552fb12ce", "Role": "operator", "CreatedAt": "2026-12-06T21:53:41.1967673+00:00", "PrincipalId": "alice@finance"}', '2026-12-06 21:53:41.198408+00', '01a24d59-334d-4f62-a070-4be80e15e000', 'GpuBilling.Access.ApiKey');
INSERT INTO invoicing.mt_doc_apikey VALUES ('3c0fe7efd8ed82fd1edeb4ecb0e361131deb13d1fa691a66df0748b29c6460ea', '{"Id": "3c0fe7efd8ed82fd1edeb4ecb0e361131deb13d1fa691a66df0748b29c6460ea", "Role": "operator", "CreatedAt": "2026-12-06T21:53:45.0317773+00:00", "PrincipalId": "alice@finance"}', '2026-12-06 21:53:45.035624+00', '01a24d59-4247-45ce-8e64-bd98d5c96f05', 'GpuBilling.Access.ApiKey');
INSERT INTO invoicing.mt_doc_apikey VALUES ('8aad0e224496c6ca95c47bfe261a5a39626e85ffb176bec82a37530d014b208d', '{"Id": "8aad0e224496c6ca95c47bfe261a5a39626e85ffb176bec82a37530d014b208d", "Role": "operator", "CreatedAt": "2026-12-06T21:53:48.9655444+00:00", "PrincipalId": "alice@finance"}', '2026-12-06 21:53:48.966091+00', '01a24d59-51a5-4836-b568-bb4134ff6e15', 'GpuBilling.Access.ApiKey');
INSERT INTO invoicing.mt_doc_apikey VALUES ('72cf8488dc0900254649c0afcd28d4e62be59aa83857bbaef7ca8f24d41f80c3', '{"Id": "72cf8488dc0900254649c0afcd28d4e62be59aa83857bbaef7ca8f24d41f80c3", "Role": "operator", "CreatedAt": "2026-12-06T21:53:53.1881259+00:00", "PrincipalId": "alice@finance"}', '2026-12-06 21:53:53.189542+00', '01a24d59-6224-492c-a4fd-80173efb4140', 'GpuBilling.Access.ApiKey');
INSERT INTO invoicing.mt_doc_apikey VALUES ('6ea1673d57a0f5d2c1dd855f6453379f971e617e9305e130db695e5fe3e6c6c9', '{"Id": "6ea1673d57a0f5d2c1dd855f6453379f971e617e9305e130db695e5fe3e6c6c9", "Role": "operator", "CreatedAt": "2026-12-06T21:53:56.9964844+00:00", "PrincipalId": "alice@finance"}', '2026-12-06 21:53:56.99721+00', '01a24d59-7104-4165-8654-b4706aff8f7e', 'GpuBilling.Access.ApiKey');
INSERT INTO invoicing.mt_doc_apikey VALUES ('e4f4b674faa18583ed2caa6fa317b83d00d53c82ae3c3079332059622f0121e9', '{"Id": "e4f4b674faa18583ed2caa6fa317b83d00d53c82ae3c3079332059622f0121e9", "Role": "operator", "CreatedAt": "2026-12-06T21:54:00.0111341+00:00", "PrincipalId": "alice@finance"}', '2026-12-06 21:54:00.011751+00', '01a24d59-7ccb-47d7-a4f7-d6985ba940bf', 'GpuBilling.Access.ApiKey');
INSERT INTO invoicing.mt_doc_apikey VALUES ('11bf6d6946f8e8ca90694bff17de439946cfc9cdf5eb1157a41fa5969146484e', '{"Id": "11bf6d6946f8e8ca90694bff17de439946cfc9cdf5eb1157a41fa5969146484e", "Role": "operator", "CreatedAt": "2026-12-06T21:54:01.9338279+00:00", "PrincipalId": "alice@finance"}', '2026-12-06 21:54:01.934262+00', '01a24d59-844d-4530-b070-dac0475e2873', 'GpuBilling.Access.ApiKey');


--
-- Data for Name: mt_doc_billingaccountstate; Type: TABLE DATA; Schema: invoicing; Owner: -
--

INSERT INTO invoicing.mt_doc_billingaccountstate VALUES ('untouched', '{"Account": {"Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "TaxRate": 0.19, "Customer": {"Name": "untouched Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "untouched-issuer", "TenantId": "untouched", "AnchorDay": 1, "RateCardId": "rc-audit", "TimeZoneId": "UTC", "GracePeriod": "00:00:00", "CurrencyCode": "USD", "PaymentTermsDays": 30}, "LastHash": "92dea29fd8b68d1968a56e15d5c5ed6a475be85be1ee99a1543702913f7deeb9", "TenantId": "untouched"}', '2026-12-06 21:53:41.408853+00', 'Invoicing.BillingAccounts.BillingAccountState', 1);
INSERT INTO invoicing.mt_doc_billingaccountstate VALUES ('edited-rate-card', '{"Account": {"Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "TaxRate": 0.19, "Customer": {"Name": "edited-rate-card Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "edited-rate-card-issuer", "TenantId": "edited-rate-card", "AnchorDay": 1, "RateCardId": "rc-audit", "TimeZoneId": "UTC", "GracePeriod": "00:00:00", "CurrencyCode": "USD", "PaymentTermsDays": 30}, "LastHash": "0751d7be4029f06dbc4a7f5645d8245504b683acc98d21b71cfa10b423ff2cdf", "TenantId": "edited-rate-card"}', '2026-12-06 21:53:45.061252+00', 'Invoicing.BillingAccounts.BillingAccountState', 1);
INSERT INTO invoicing.mt_doc_billingaccountstate VALUES ('reattributed-accrual', '{"Account": {"Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "TaxRate": 0.19, "Customer": {"Name": "reattributed-accrual Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "reattributed-accrual-issuer", "TenantId": "reattributed-accrual", "AnchorDay": 1, "RateCardId": "rc-audit", "TimeZoneId": "UTC", "GracePeriod": "00:00:00", "CurrencyCode": "USD", "PaymentTermsDays": 30}, "LastHash": "1db753335dafdf7cb28b8d6dae5710136e758054cdac3e1c73113789f885a58d", "TenantId": "reattributed-accrual"}', '2026-12-06 21:53:48.973699+00', 'Invoicing.BillingAccounts.BillingAccountState', 1);
INSERT INTO invoicing.mt_doc_billingaccountstate VALUES ('edited-ledger', '{"Account": {"Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "TaxRate": 0.19, "Customer": {"Name": "edited-ledger Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "edited-ledger-issuer", "TenantId": "edited-ledger", "AnchorDay": 1, "RateCardId": "rc-audit", "TimeZoneId": "UTC", "GracePeriod": "00:00:00", "CurrencyCode": "USD", "PaymentTermsDays": 30}, "LastHash": "edf54a6743b13edef4b5bbe96353ab916f82f12dc693680a13521b26080e28ab", "TenantId": "edited-ledger"}', '2026-12-06 21:53:53.212905+00', 'Invoicing.BillingAccounts.BillingAccountState', 1);
INSERT INTO invoicing.mt_doc_billingaccountstate VALUES ('edited-invoice', '{"Account": {"Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "TaxRate": 0.19, "Customer": {"Name": "edited-invoice Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "edited-invoice-issuer", "TenantId": "edited-invoice", "AnchorDay": 1, "RateCardId": "rc-audit", "TimeZoneId": "UTC", "GracePeriod": "00:00:00", "CurrencyCode": "USD", "PaymentTermsDays": 30}, "LastHash": "a025066232cec9b7ae260889a4d1fb39a6e3414336d10fa4ab0b4fe855ccaf66", "TenantId": "edited-invoice"}', '2026-12-06 21:53:57.002725+00', 'Invoicing.BillingAccounts.BillingAccountState', 1);
INSERT INTO invoicing.mt_doc_billingaccountstate VALUES ('edited-accrual', '{"Account": {"Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "TaxRate": 0.19, "Customer": {"Name": "edited-accrual Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "edited-accrual-issuer", "TenantId": "edited-accrual", "AnchorDay": 1, "RateCardId": "rc-audit", "TimeZoneId": "UTC", "GracePeriod": "00:00:00", "CurrencyCode": "USD", "PaymentTermsDays": 30}, "LastHash": "7dc731ca57ccd7c852f19dad8bea0ce1e96280da2c678e7caa3d15b32b3152a5", "TenantId": "edited-accrual"}', '2026-12-06 21:54:00.020345+00', 'Invoicing.BillingAccounts.BillingAccountState', 1);
INSERT INTO invoicing.mt_doc_billingaccountstate VALUES ('lost-ledger-event', '{"Account": {"Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "TaxRate": 0.19, "Customer": {"Name": "lost-ledger-event Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "lost-ledger-event-issuer", "TenantId": "lost-ledger-event", "AnchorDay": 1, "RateCardId": "rc-audit", "TimeZoneId": "UTC", "GracePeriod": "00:00:00", "CurrencyCode": "USD", "PaymentTermsDays": 30}, "LastHash": "73d7f436178f3e42dcff03fcd17ecda2304ec7764c0a8f2f121750c5110d4653", "TenantId": "lost-ledger-event"}', '2026-12-06 21:54:01.94801+00', 'Invoicing.BillingAccounts.BillingAccountState', 1);


--
-- Data for Name: mt_doc_billingaccountview; Type: TABLE DATA; Schema: invoicing; Owner: -
--

INSERT INTO invoicing.mt_doc_billingaccountview VALUES ('untouched', '{"Account": {"Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "TaxRate": 0.19, "Customer": {"Name": "untouched Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "untouched-issuer", "TenantId": "untouched", "AnchorDay": 1, "RateCardId": "rc-audit", "TimeZoneId": "UTC", "GracePeriod": "00:00:00", "CurrencyCode": "USD", "PaymentTermsDays": 30}, "Version": 1, "TenantId": "untouched"}', '2026-12-06 21:53:41.408853+00', 'Invoicing.BillingAccounts.BillingAccountView', 1);
INSERT INTO invoicing.mt_doc_billingaccountview VALUES ('edited-rate-card', '{"Account": {"Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "TaxRate": 0.19, "Customer": {"Name": "edited-rate-card Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "edited-rate-card-issuer", "TenantId": "edited-rate-card", "AnchorDay": 1, "RateCardId": "rc-audit", "TimeZoneId": "UTC", "GracePeriod": "00:00:00", "CurrencyCode": "USD", "PaymentTermsDays": 30}, "Version": 1, "TenantId": "edited-rate-card"}', '2026-12-06 21:53:45.061252+00', 'Invoicing.BillingAccounts.BillingAccountView', 1);
INSERT INTO invoicing.mt_doc_billingaccountview VALUES ('reattributed-accrual', '{"Account": {"Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "TaxRate": 0.19, "Customer": {"Name": "reattributed-accrual Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "reattributed-accrual-issuer", "TenantId": "reattributed-accrual", "AnchorDay": 1, "RateCardId": "rc-audit", "TimeZoneId": "UTC", "GracePeriod": "00:00:00", "CurrencyCode": "USD", "PaymentTermsDays": 30}, "Version": 1, "TenantId": "reattributed-accrual"}', '2026-12-06 21:53:48.973699+00', 'Invoicing.BillingAccounts.BillingAccountView', 1);
INSERT INTO invoicing.mt_doc_billingaccountview VALUES ('edited-ledger', '{"Account": {"Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "TaxRate": 0.19, "Customer": {"Name": "edited-ledger Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "edited-ledger-issuer", "TenantId": "edited-ledger", "AnchorDay": 1, "RateCardId": "rc-audit", "TimeZoneId": "UTC", "GracePeriod": "00:00:00", "CurrencyCode": "USD", "PaymentTermsDays": 30}, "Version": 1, "TenantId": "edited-ledger"}', '2026-12-06 21:53:53.212905+00', 'Invoicing.BillingAccounts.BillingAccountView', 1);
INSERT INTO invoicing.mt_doc_billingaccountview VALUES ('edited-invoice', '{"Account": {"Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "TaxRate": 0.19, "Customer": {"Name": "edited-invoice Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "edited-invoice-issuer", "TenantId": "edited-invoice", "AnchorDay": 1, "RateCardId": "rc-audit", "TimeZoneId": "UTC", "GracePeriod": "00:00:00", "CurrencyCode": "USD", "PaymentTermsDays": 30}, "Version": 1, "TenantId": "edited-invoice"}', '2026-12-06 21:53:57.002725+00', 'Invoicing.BillingAccounts.BillingAccountView', 1);
INSERT INTO invoicing.mt_doc_billingaccountview VALUES ('edited-accrual', '{"Account": {"Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "TaxRate": 0.19, "Customer": {"Name": "edited-accrual Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "edited-accrual-issuer", "TenantId": "edited-accrual", "AnchorDay": 1, "RateCardId": "rc-audit", "TimeZoneId": "UTC", "GracePeriod": "00:00:00", "CurrencyCode": "USD", "PaymentTermsDays": 30}, "Version": 1, "TenantId": "edited-accrual"}', '2026-12-06 21:54:00.020345+00', 'Invoicing.BillingAccounts.BillingAccountView', 1);
INSERT INTO invoicing.mt_doc_billingaccountview VALUES ('lost-ledger-event', '{"Account": {"Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "TaxRate": 0.19, "Customer": {"Name": "lost-ledger-event Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "lost-ledger-event-issuer", "TenantId": "lost-ledger-event", "AnchorDay": 1, "RateCardId": "rc-audit", "TimeZoneId": "UTC", "GracePeriod": "00:00:00", "CurrencyCode": "USD", "PaymentTermsDays": 30}, "Version": 1, "TenantId": "lost-ledger-event"}', '2026-12-06 21:54:01.94801+00', 'Invoicing.BillingAccounts.BillingAccountView', 1);


--
-- Data for Name: mt_doc_deadletterevent; Type: TABLE DATA; Schema: invoicing; Owner: -
--



--
-- Data for Name: mt_doc_invoice; Type: TABLE DATA; Schema: invoicing; Owner: -
--

INSERT INTO invoicing.mt_doc_invoice VALUES ('untouched@2026-01-01', '{"Id": "untouched@2026-01-01", "Hold": null, "Issued": {"Tax": {"Amount": 0.31, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Hash": "ef6c90d15af39c814a08d13f8cc5b125c3b98f54d38386059b6d5eb68b0ea119", "Lines": [{"Unit": "kWh", "Meter": "energy", "Amount": {"Amount": 0.04, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Number": 1, "Adjusts": null, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "untouched@2026-01-01T00:00Z", "MeterQuantity": 660000, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": {"Amount": 0.20, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "Energy H100/on-demand"}, {"Unit": "GPU-hour", "Meter": "gpu-time", "Amount": {"Amount": 1.60, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Number": 2, "Adjusts": null, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "untouched@2026-01-01T00:00Z", "MeterQuantity": 2400, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": {"Amount": 2.40, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "GPU time H100/on-demand"}], "Total": {"Amount": 1.95, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "DueDate": "2026-02-19", "TaxRate": 0.19, "Trigger": 1, "CausedBy": {"Id": "alice@finance", "Kind": 0}, "Customer": {"Name": "untouched Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "untouched-issuer", "Subtotal": {"Amount": 1.64, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "TenantId": "untouched", "InvoiceId": "untouched@2026-01-01", "IssueDate": "2026-01-20", "OccurredAt": "2026-01-20T00:00:00+00:00", "InvoiceNumber": "INV-untouched-issuer-000001", "Reconciliation": {"RatedGpuSeconds": 2400, "LedgerGpuSeconds": 2400, "InvoicedGpuSeconds": null, "RatedBillableGpuSeconds": 2400, "InvoicedBillableGpuSeconds": 2400}}, "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "Status": 2, "Charges": [{"Unit": "GPU-hour", "Meter": "gpu-time", "Amount": {"Amount": 1.60, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "untouched@2026-01-01T00:00Z", "MeterQuantity": 2400, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": {"Amount": 2.40, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "GPU time H100/on-demand"}, {"Unit": "kWh", "Meter": "energy", "Amount": {"Amount": 0.0366666666666666666666666667, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": false}, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "untouched@2026-01-01T00:00Z", "MeterQuantity": 660000, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": {"Amount": 0.20, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "Energy H100/on-demand"}], "Currency": {"Code": "USD", "MinorUnits": 2}, "LastHash": "ef6c90d15af39c814a08d13f8cc5b125c3b98f54d38386059b6d5eb68b0ea119", "TenantId": "untouched", "TimeZoneId": "UTC", "Adjustments": [], "CreditNotes": [], "TotalsVersion": 4, "MeteredGpuSeconds": 2400}', '2026-12-06 21:53:44.633429+00', 'Invoicing.Invoices.Invoice', 3);
INSERT INTO invoicing.mt_doc_invoice VALUES ('untouched@2026-02-01', '{"Id": "untouched@2026-02-01", "Hold": null, "Issued": null, "Period": {"End": "2026-03-01T00:00:00+00:00", "Start": "2026-02-01T00:00:00+00:00", "LocalEnd": "2026-03-01", "LocalStart": "2026-02-01"}, "Status": 0, "Charges": [], "Currency": {"Code": "USD", "MinorUnits": 2}, "LastHash": "351c312a0e1cd05b38c9f9174d69509ec44fab31d40471704700bd0344fab763", "TenantId": "untouched", "TimeZoneId": "UTC", "Adjustments": [], "CreditNotes": [], "TotalsVersion": 0, "MeteredGpuSeconds": null}', '2026-12-06 21:53:44.633429+00', 'Invoicing.Invoices.Invoice', 1);
INSERT INTO invoicing.mt_doc_invoice VALUES ('edited-rate-card@2026-01-01', '{"Id": "edited-rate-card@2026-01-01", "Hold": null, "Issued": {"Tax": {"Amount": 0.31, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Hash": "66989f853762a3c85526c99c54773fd636c3462eae5a288ba5e01a2e79515f7f", "Lines": [{"Unit": "kWh", "Meter": "energy", "Amount": {"Amount": 0.04, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Number": 1, "Adjusts": null, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "edited-rate-card@2026-01-01T00:00Z", "MeterQuantity": 660000, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": {"Amount": 0.20, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "Energy H100/on-demand"}, {"Unit": "GPU-hour", "Meter": "gpu-time", "Amount": {"Amount": 1.60, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Number": 2, "Adjusts": null, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "edited-rate-card@2026-01-01T00:00Z", "MeterQuantity": 2400, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": {"Amount": 2.40, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "GPU time H100/on-demand"}], "Total": {"Amount": 1.95, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "DueDate": "2026-02-19", "TaxRate": 0.19, "Trigger": 1, "CausedBy": {"Id": "alice@finance", "Kind": 0}, "Customer": {"Name": "edited-rate-card Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "edited-rate-card-issuer", "Subtotal": {"Amount": 1.64, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "TenantId": "edited-rate-card", "InvoiceId": "edited-rate-card@2026-01-01", "IssueDate": "2026-01-20", "OccurredAt": "2026-01-20T00:00:00+00:00", "InvoiceNumber": "INV-edited-rate-card-issuer-000001", "Reconciliation": {"RatedGpuSeconds": 2400, "LedgerGpuSeconds": 2400, "InvoicedGpuSeconds": null, "RatedBillableGpuSeconds": 2400, "InvoicedBillableGpuSeconds": 2400}}, "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "Status": 2, "Charges": [{"Unit": "GPU-hour", "Meter": "gpu-time", "Amount": {"Amount": 1.60, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "edited-rate-card@2026-01-01T00:00Z", "MeterQuantity": 2400, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": {"Amount": 2.40, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "GPU time H100/on-demand"}, {"Unit": "kWh", "Meter": "energy", "Amount": {"Amount": 0.0366666666666666666666666667, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": false}, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "edited-rate-card@2026-01-01T00:00Z", "MeterQuantity": 660000, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": {"Amount": 0.20, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "Energy H100/on-demand"}], "Currency": {"Code": "USD", "MinorUnits": 2}, "LastHash": "66989f853762a3c85526c99c54773fd636c3462eae5a288ba5e01a2e79515f7f", "TenantId": "edited-rate-card", "TimeZoneId": "UTC", "Adjustments": [], "CreditNotes": [], "TotalsVersion": 4, "MeteredGpuSeconds": 2400}', '2026-12-06 21:53:48.806986+00', 'Invoicing.Invoices.Invoice', 3);
INSERT INTO invoicing.mt_doc_invoice VALUES ('edited-rate-card@2026-02-01', '{"Id": "edited-rate-card@2026-02-01", "Hold": null, "Issued": null, "Period": {"End": "2026-03-01T00:00:00+00:00", "Start": "2026-02-01T00:00:00+00:00", "LocalEnd": "2026-03-01", "LocalStart": "2026-02-01"}, "Status": 0, "Charges": [], "Currency": {"Code": "USD", "MinorUnits": 2}, "LastHash": "5e00874eb46353ab63b46f416a29bade7ef6bcce24a53dc03a7af137f456c225", "TenantId": "edited-rate-card", "TimeZoneId": "UTC", "Adjustments": [], "CreditNotes": [], "TotalsVersion": 0, "MeteredGpuSeconds": null}', '2026-12-06 21:53:48.806986+00', 'Invoicing.Invoices.Invoice', 1);
INSERT INTO invoicing.mt_doc_invoice VALUES ('edited-ledger@2026-01-01', '{"Id": "edited-ledger@2026-01-01", "Hold": null, "Issued": {"Tax": {"Amount": 0.31, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Hash": "417e5ebcf22bb6bebbaece47ff81257ecc241d3feaf942bff1766574dd6456c9", "Lines": [{"Unit": "kWh", "Meter": "energy", "Amount": {"Amount": 0.04, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Number": 1, "Adjusts": null, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "edited-ledger@2026-01-01T00:00Z", "MeterQuantity": 660000, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": {"Amount": 0.20, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "Energy H100/on-demand"}, {"Unit": "GPU-hour", "Meter": "gpu-time", "Amount": {"Amount": 1.60, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Number": 2, "Adjusts": null, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "edited-ledger@2026-01-01T00:00Z", "MeterQuantity": 2400, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": {"Amount": 2.40, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "GPU time H100/on-demand"}], "Total": {"Amount": 1.95, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "DueDate": "2026-02-19", "TaxRate": 0.19, "Trigger": 1, "CausedBy": {"Id": "alice@finance", "Kind": 0}, "Customer": {"Name": "edited-ledger Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "edited-ledger-issuer", "Subtotal": {"Amount": 1.64, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "TenantId": "edited-ledger", "InvoiceId": "edited-ledger@2026-01-01", "IssueDate": "2026-01-20", "OccurredAt": "2026-01-20T00:00:00+00:00", "InvoiceNumber": "INV-edited-ledger-issuer-000001", "Reconciliation": {"RatedGpuSeconds": 2400, "LedgerGpuSeconds": 2400, "InvoicedGpuSeconds": null, "RatedBillableGpuSeconds": 2400, "InvoicedBillableGpuSeconds": 2400}}, "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "Status": 2, "Charges": [{"Unit": "GPU-hour", "Meter": "gpu-time", "Amount": {"Amount": 1.60, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "edited-ledger@2026-01-01T00:00Z", "MeterQuantity": 2400, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": {"Amount": 2.40, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "GPU time H100/on-demand"}, {"Unit": "kWh", "Meter": "energy", "Amount": {"Amount": 0.0366666666666666666666666667, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": false}, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "edited-ledger@2026-01-01T00:00Z", "MeterQuantity": 660000, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": {"Amount": 0.20, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "Energy H100/on-demand"}], "Currency": {"Code": "USD", "MinorUnits": 2}, "LastHash": "417e5ebcf22bb6bebbaece47ff81257ecc241d3feaf942bff1766574dd6456c9", "TenantId": "edited-ledger", "TimeZoneId": "UTC", "Adjustments": [], "CreditNotes": [], "TotalsVersion": 4, "MeteredGpuSeconds": 2400}', '2026-12-06 21:53:56.899077+00', 'Invoicing.Invoices.Invoice', 3);
INSERT INTO invoicing.mt_doc_invoice VALUES ('reattributed-accrual@2026-01-01', '{"Id": "reattributed-accrual@2026-01-01", "Hold": null, "Issued": {"Tax": {"Amount": 0.31, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Hash": "9f036a4a897bffd8e9a77e381d8851b46493796bfcf8eddef2a78148f1d04176", "Lines": [{"Unit": "kWh", "Meter": "energy", "Amount": {"Amount": 0.04, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Number": 1, "Adjusts": null, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "reattributed-accrual@2026-01-01T00:00Z", "MeterQuantity": 660000, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": {"Amount": 0.20, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "Energy H100/on-demand"}, {"Unit": "GPU-hour", "Meter": "gpu-time", "Amount": {"Amount": 1.60, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Number": 2, "Adjusts": null, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "reattributed-accrual@2026-01-01T00:00Z", "MeterQuantity": 2400, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": {"Amount": 2.40, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "GPU time H100/on-demand"}], "Total": {"Amount": 1.95, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "DueDate": "2026-02-19", "TaxRate": 0.19, "Trigger": 1, "CausedBy": {"Id": "alice@finance", "Kind": 0}, "Customer": {"Name": "reattributed-accrual Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "reattributed-accrual-issuer", "Subtotal": {"Amount": 1.64, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "TenantId": "reattributed-accrual", "InvoiceId": "reattributed-accrual@2026-01-01", "IssueDate": "2026-01-20", "OccurredAt": "2026-01-20T00:00:00+00:00", "InvoiceNumber": "INV-reattributed-accrual-issuer-000001", "Reconciliation": {"RatedGpuSeconds": 2400, "LedgerGpuSeconds": 2400, "InvoicedGpuSeconds": null, "RatedBillableGpuSeconds": 2400, "InvoicedBillableGpuSeconds": 2400}}, "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "Status": 2, "Charges": [{"Unit": "GPU-hour", "Meter": "gpu-time", "Amount": {"Amount": 1.60, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "reattributed-accrual@2026-01-01T00:00Z", "MeterQuantity": 2400, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": {"Amount": 2.40, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "GPU time H100/on-demand"}, {"Unit": "kWh", "Meter": "energy", "Amount": {"Amount": 0.0366666666666666666666666667, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": false}, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "reattributed-accrual@2026-01-01T00:00Z", "MeterQuantity": 660000, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": {"Amount": 0.20, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "Energy H100/on-demand"}], "Currency": {"Code": "USD", "MinorUnits": 2}, "LastHash": "9f036a4a897bffd8e9a77e381d8851b46493796bfcf8eddef2a78148f1d04176", "TenantId": "reattributed-accrual", "TimeZoneId": "UTC", "Adjustments": [], "CreditNotes": [], "TotalsVersion": 4, "MeteredGpuSeconds": 2400}', '2026-12-06 21:53:52.879182+00', 'Invoicing.Invoices.Invoice', 3);
INSERT INTO invoicing.mt_doc_invoice VALUES ('reattributed-accrual@2026-02-01', '{"Id": "reattributed-accrual@2026-02-01", "Hold": null, "Issued": null, "Period": {"End": "2026-03-01T00:00:00+00:00", "Start": "2026-02-01T00:00:00+00:00", "LocalEnd": "2026-03-01", "LocalStart": "2026-02-01"}, "Status": 0, "Charges": [], "Currency": {"Code": "USD", "MinorUnits": 2}, "LastHash": "e9b7ba91e8630899ac399b9e8bbf0119e1720de763ac68bba390f982a9e3b102", "TenantId": "reattributed-accrual", "TimeZoneId": "UTC", "Adjustments": [], "CreditNotes": [], "TotalsVersion": 0, "MeteredGpuSeconds": null}', '2026-12-06 21:53:52.879182+00', 'Invoicing.Invoices.Invoice', 1);
INSERT INTO invoicing.mt_doc_invoice VALUES ('edited-ledger@2026-02-01', '{"Id": "edited-ledger@2026-02-01", "Hold": null, "Issued": null, "Period": {"End": "2026-03-01T00:00:00+00:00", "Start": "2026-02-01T00:00:00+00:00", "LocalEnd": "2026-03-01", "LocalStart": "2026-02-01"}, "Status": 0, "Charges": [], "Currency": {"Code": "USD", "MinorUnits": 2}, "LastHash": "71cc1b7e75d3fb24d6ddf8e99da2f4ab846c3abf1e34a03e077a4ecee4b491b8", "TenantId": "edited-ledger", "TimeZoneId": "UTC", "Adjustments": [], "CreditNotes": [], "TotalsVersion": 0, "MeteredGpuSeconds": null}', '2026-12-06 21:53:56.899077+00', 'Invoicing.Invoices.Invoice', 1);
INSERT INTO invoicing.mt_doc_invoice VALUES ('edited-invoice@2026-01-01', '{"Id": "edited-invoice@2026-01-01", "Hold": null, "Issued": {"Tax": {"Amount": 0.31, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Hash": "c5d030362ec93afb1ea40e14ac06c9212b9c49b7202e74b91a3b083870b1369c", "Lines": [{"Unit": "kWh", "Meter": "energy", "Amount": {"Amount": 0.04, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Number": 1, "Adjusts": null, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "edited-invoice@2026-01-01T00:00Z", "MeterQuantity": 660000, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": {"Amount": 0.20, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "Energy H100/on-demand"}, {"Unit": "GPU-hour", "Meter": "gpu-time", "Amount": {"Amount": 1.60, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Number": 2, "Adjusts": null, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "edited-invoice@2026-01-01T00:00Z", "MeterQuantity": 2400, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": {"Amount": 2.40, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "GPU time H100/on-demand"}], "Total": {"Amount": 1.95, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "DueDate": "2026-02-19", "TaxRate": 0.19, "Trigger": 1, "CausedBy": {"Id": "alice@finance", "Kind": 0}, "Customer": {"Name": "edited-invoice Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "edited-invoice-issuer", "Subtotal": {"Amount": 1.64, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "TenantId": "edited-invoice", "InvoiceId": "edited-invoice@2026-01-01", "IssueDate": "2026-01-20", "OccurredAt": "2026-01-20T00:00:00+00:00", "InvoiceNumber": "INV-edited-invoice-issuer-000001", "Reconciliation": {"RatedGpuSeconds": 2400, "LedgerGpuSeconds": 2400, "InvoicedGpuSeconds": null, "RatedBillableGpuSeconds": 2400, "InvoicedBillableGpuSeconds": 2400}}, "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "Status": 2, "Charges": [{"Unit": "GPU-hour", "Meter": "gpu-time", "Amount": {"Amount": 1.60, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "edited-invoice@2026-01-01T00:00Z", "MeterQuantity": 2400, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": {"Amount": 2.40, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "GPU time H100/on-demand"}, {"Unit": "kWh", "Meter": "energy", "Amount": {"Amount": 0.0366666666666666666666666667, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": false}, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "edited-invoice@2026-01-01T00:00Z", "MeterQuantity": 660000, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": {"Amount": 0.20, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "Energy H100/on-demand"}], "Currency": {"Code": "USD", "MinorUnits": 2}, "LastHash": "c5d030362ec93afb1ea40e14ac06c9212b9c49b7202e74b91a3b083870b1369c", "TenantId": "edited-invoice", "TimeZoneId": "UTC", "Adjustments": [], "CreditNotes": [], "TotalsVersion": 4, "MeteredGpuSeconds": 2400}', '2026-12-06 21:53:59.938926+00', 'Invoicing.Invoices.Invoice', 3);
INSERT INTO invoicing.mt_doc_invoice VALUES ('edited-invoice@2026-02-01', '{"Id": "edited-invoice@2026-02-01", "Hold": null, "Issued": null, "Period": {"End": "2026-03-01T00:00:00+00:00", "Start": "2026-02-01T00:00:00+00:00", "LocalEnd": "2026-03-01", "LocalStart": "2026-02-01"}, "Status": 0, "Charges": [], "Currency": {"Code": "USD", "MinorUnits": 2}, "LastHash": "f147c939c64e6c105510aae848727e336a969e414d5a0dedf398b3205eb3d287", "TenantId": "edited-invoice", "TimeZoneId": "UTC", "Adjustments": [], "CreditNotes": [], "TotalsVersion": 0, "MeteredGpuSeconds": null}', '2026-12-06 21:53:59.938926+00', 'Invoicing.Invoices.Invoice', 1);
INSERT INTO invoicing.mt_doc_invoice VALUES ('lost-ledger-event@2026-01-01', '{"Id": "lost-ledger-event@2026-01-01", "Hold": null, "Issued": {"Tax": {"Amount": 0.31, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Hash": "10e6326d12d9b0a6f13e9ac570de3c9230eac42f6d246a0819b1dfb018fd957e", "Lines": [{"Unit": "kWh", "Meter": "energy", "Amount": {"Amount": 0.04, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Number": 1, "Adjusts": null, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "lost-ledger-event@2026-01-01T00:00Z", "MeterQuantity": 660000, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": {"Amount": 0.20, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "Energy H100/on-demand"}, {"Unit": "GPU-hour", "Meter": "gpu-time", "Amount": {"Amount": 1.60, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Number": 2, "Adjusts": null, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "lost-ledger-event@2026-01-01T00:00Z", "MeterQuantity": 2400, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": {"Amount": 2.40, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "GPU time H100/on-demand"}], "Total": {"Amount": 1.95, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "DueDate": "2026-02-19", "TaxRate": 0.19, "Trigger": 1, "CausedBy": {"Id": "alice@finance", "Kind": 0}, "Customer": {"Name": "lost-ledger-event Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "lost-ledger-event-issuer", "Subtotal": {"Amount": 1.64, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "TenantId": "lost-ledger-event", "InvoiceId": "lost-ledger-event@2026-01-01", "IssueDate": "2026-01-20", "OccurredAt": "2026-01-20T00:00:00+00:00", "InvoiceNumber": "INV-lost-ledger-event-issuer-000001", "Reconciliation": {"RatedGpuSeconds": 2400, "LedgerGpuSeconds": 2400, "InvoicedGpuSeconds": null, "RatedBillableGpuSeconds": 2400, "InvoicedBillableGpuSeconds": 2400}}, "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "Status": 2, "Charges": [{"Unit": "GPU-hour", "Meter": "gpu-time", "Amount": {"Amount": 1.60, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "lost-ledger-event@2026-01-01T00:00Z", "MeterQuantity": 2400, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": {"Amount": 2.40, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "GPU time H100/on-demand"}, {"Unit": "kWh", "Meter": "energy", "Amount": {"Amount": 0.0366666666666666666666666667, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": false}, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "lost-ledger-event@2026-01-01T00:00Z", "MeterQuantity": 660000, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": {"Amount": 0.20, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "Energy H100/on-demand"}], "Currency": {"Code": "USD", "MinorUnits": 2}, "LastHash": "10e6326d12d9b0a6f13e9ac570de3c9230eac42f6d246a0819b1dfb018fd957e", "TenantId": "lost-ledger-event", "TimeZoneId": "UTC", "Adjustments": [], "CreditNotes": [], "TotalsVersion": 4, "MeteredGpuSeconds": 2400}', '2026-12-06 21:54:05.813078+00', 'Invoicing.Invoices.Invoice', 3);
INSERT INTO invoicing.mt_doc_invoice VALUES ('edited-accrual@2026-01-01', '{"Id": "edited-accrual@2026-01-01", "Hold": null, "Issued": {"Tax": {"Amount": 0.31, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Hash": "018646983c4cdeaea7bc8a552c3d4407fe0aa05be0542f06af367f74d91dd4b2", "Lines": [{"Unit": "kWh", "Meter": "energy", "Amount": {"Amount": 0.04, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Number": 1, "Adjusts": null, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "edited-accrual@2026-01-01T00:00Z", "MeterQuantity": 660000, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": {"Amount": 0.20, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "Energy H100/on-demand"}, {"Unit": "GPU-hour", "Meter": "gpu-time", "Amount": {"Amount": 1.60, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Number": 2, "Adjusts": null, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "edited-accrual@2026-01-01T00:00Z", "MeterQuantity": 2400, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": {"Amount": 2.40, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "GPU time H100/on-demand"}], "Total": {"Amount": 1.95, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "DueDate": "2026-02-19", "TaxRate": 0.19, "Trigger": 1, "CausedBy": {"Id": "alice@finance", "Kind": 0}, "Customer": {"Name": "edited-accrual Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "edited-accrual-issuer", "Subtotal": {"Amount": 1.64, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "TenantId": "edited-accrual", "InvoiceId": "edited-accrual@2026-01-01", "IssueDate": "2026-01-20", "OccurredAt": "2026-01-20T00:00:00+00:00", "InvoiceNumber": "INV-edited-accrual-issuer-000001", "Reconciliation": {"RatedGpuSeconds": 2400, "LedgerGpuSeconds": 2400, "InvoicedGpuSeconds": null, "RatedBillableGpuSeconds": 2400, "InvoicedBillableGpuSeconds": 2400}}, "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "Status": 2, "Charges": [{"Unit": "GPU-hour", "Meter": "gpu-time", "Amount": {"Amount": 1.60, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "edited-accrual@2026-01-01T00:00Z", "MeterQuantity": 2400, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": {"Amount": 2.40, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "GPU time H100/on-demand"}, {"Unit": "kWh", "Meter": "energy", "Amount": {"Amount": 0.0366666666666666666666666667, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": false}, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "edited-accrual@2026-01-01T00:00Z", "MeterQuantity": 660000, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": {"Amount": 0.20, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "Energy H100/on-demand"}], "Currency": {"Code": "USD", "MinorUnits": 2}, "LastHash": "018646983c4cdeaea7bc8a552c3d4407fe0aa05be0542f06af367f74d91dd4b2", "TenantId": "edited-accrual", "TimeZoneId": "UTC", "Adjustments": [], "CreditNotes": [], "TotalsVersion": 4, "MeteredGpuSeconds": 2400}', '2026-12-06 21:54:01.887855+00', 'Invoicing.Invoices.Invoice', 3);
INSERT INTO invoicing.mt_doc_invoice VALUES ('edited-accrual@2026-02-01', '{"Id": "edited-accrual@2026-02-01", "Hold": null, "Issued": null, "Period": {"End": "2026-03-01T00:00:00+00:00", "Start": "2026-02-01T00:00:00+00:00", "LocalEnd": "2026-03-01", "LocalStart": "2026-02-01"}, "Status": 0, "Charges": [], "Currency": {"Code": "USD", "MinorUnits": 2}, "LastHash": "3c158b7a60095b81ce6bd0613a95bc55bef247fc6e74d73b7e4d52ce92f06b7c", "TenantId": "edited-accrual", "TimeZoneId": "UTC", "Adjustments": [], "CreditNotes": [], "TotalsVersion": 0, "MeteredGpuSeconds": null}', '2026-12-06 21:54:01.887855+00', 'Invoicing.Invoices.Invoice', 1);
INSERT INTO invoicing.mt_doc_invoice VALUES ('lost-ledger-event@2026-02-01', '{"Id": "lost-ledger-event@2026-02-01", "Hold": null, "Issued": null, "Period": {"End": "2026-03-01T00:00:00+00:00", "Start": "2026-02-01T00:00:00+00:00", "LocalEnd": "2026-03-01", "LocalStart": "2026-02-01"}, "Status": 0, "Charges": [], "Currency": {"Code": "USD", "MinorUnits": 2}, "LastHash": "1e7351729f6fed038f7329c0cfd0d2d2efac0bcb48776e8de7282171661fb4e6", "TenantId": "lost-ledger-event", "TimeZoneId": "UTC", "Adjustments": [], "CreditNotes": [], "TotalsVersion": 0, "MeteredGpuSeconds": null}', '2026-12-06 21:54:05.813078+00', 'Invoicing.Invoices.Invoice', 1);


--
-- Data for Name: mt_doc_invoicesummary; Type: TABLE DATA; Schema: invoicing; Owner: -
--

INSERT INTO invoicing.mt_doc_invoicesummary VALUES ('untouched@2026-01-01', '{"Id": "untouched@2026-01-01", "Total": 1.95, "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "Status": 2, "Version": 3, "TenantId": "untouched", "IssueDate": "2026-01-20", "CurrencyCode": "USD", "InvoiceNumber": "INV-untouched-issuer-000001", "TotalsVersion": 4}', '2026-12-06 21:53:44.633429+00', '01a24d59-40e5-46af-a9f8-5556be69fa3b', 'Invoicing.Invoices.InvoiceSummary');
INSERT INTO invoicing.mt_doc_invoicesummary VALUES ('untouched@2026-02-01', '{"Id": "untouched@2026-02-01", "Total": null, "Period": {"End": "2026-03-01T00:00:00+00:00", "Start": "2026-02-01T00:00:00+00:00", "LocalEnd": "2026-03-01", "LocalStart": "2026-02-01"}, "Status": 0, "Version": 1, "TenantId": "untouched", "IssueDate": null, "CurrencyCode": "USD", "InvoiceNumber": null, "TotalsVersion": 0}', '2026-12-06 21:53:44.633429+00', '01a24d59-40e5-4905-a17d-b94753eab475', 'Invoicing.Invoices.InvoiceSummary');
INSERT INTO invoicing.mt_doc_invoicesummary VALUES ('edited-rate-card@2026-01-01', '{"Id": "edited-rate-card@2026-01-01", "Total": 1.95, "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "Status": 2, "Version": 3, "TenantId": "edited-rate-card", "IssueDate": "2026-01-20", "CurrencyCode": "USD", "InvoiceNumber": "INV-edited-rate-card-issuer-000001", "TotalsVersion": 4}', '2026-12-06 21:53:48.806986+00', '01a24d59-510d-4a45-9520-acabcc64733e', 'Invoicing.Invoices.InvoiceSummary');
INSERT INTO invoicing.mt_doc_invoicesummary VALUES ('edited-rate-card@2026-02-01', '{"Id": "edited-rate-card@2026-02-01", "Total": null, "Period": {"End": "2026-03-01T00:00:00+00:00", "Start": "2026-02-01T00:00:00+00:00", "LocalEnd": "2026-03-01", "LocalStart": "2026-02-01"}, "Status": 0, "Version": 1, "TenantId": "edited-rate-card", "IssueDate": null, "CurrencyCode": "USD", "InvoiceNumber": null, "TotalsVersion": 0}', '2026-12-06 21:53:48.806986+00', '01a24d59-510d-48c8-96a4-6565ebc30c40', 'Invoicing.Invoices.InvoiceSummary');
INSERT INTO invoicing.mt_doc_invoicesummary VALUES ('reattributed-accrual@2026-01-01', '{"Id": "reattributed-accrual@2026-01-01", "Total": 1.95, "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "Status": 2, "Version": 3, "TenantId": "reattributed-accrual", "IssueDate": "2026-01-20", "CurrencyCode": "USD", "InvoiceNumber": "INV-reattributed-accrual-issuer-000001", "TotalsVersion": 4}', '2026-12-06 21:53:52.879182+00', '01a24d59-60f9-4421-9c6e-03fcc3ce362f', 'Invoicing.Invoices.InvoiceSummary');
INSERT INTO invoicing.mt_doc_invoicesummary VALUES ('reattributed-accrual@2026-02-01', '{"Id": "reattributed-accrual@2026-02-01", "Total": null, "Period": {"End": "2026-03-01T00:00:00+00:00", "Start": "2026-02-01T00:00:00+00:00", "LocalEnd": "2026-03-01", "LocalStart": "2026-02-01"}, "Status": 0, "Version": 1, "TenantId": "reattributed-accrual", "IssueDate": null, "CurrencyCode": "USD", "InvoiceNumber": null, "TotalsVersion": 0}', '2026-12-06 21:53:52.879182+00', '01a24d59-60f9-41b8-ab32-5463056f5e80', 'Invoicing.Invoices.InvoiceSummary');
INSERT INTO invoicing.mt_doc_invoicesummary VALUES ('edited-ledger@2026-01-01', '{"Id": "edited-ledger@2026-01-01", "Total": 1.95, "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "Status": 2, "Version": 3, "TenantId": "edited-ledger", "IssueDate": "2026-01-20", "CurrencyCode": "USD", "InvoiceNumber": "INV-edited-ledger-issuer-000001", "TotalsVersion": 4}', '2026-12-06 21:53:56.899077+00', '01a24d59-70a7-49c5-ad60-625b268e2a10', 'Invoicing.Invoices.InvoiceSummary');
INSERT INTO invoicing.mt_doc_invoicesummary VALUES ('edited-ledger@2026-02-01', '{"Id": "edited-ledger@2026-02-01", "Total": null, "Period": {"End": "2026-03-01T00:00:00+00:00", "Start": "2026-02-01T00:00:00+00:00", "LocalEnd": "2026-03-01", "LocalStart": "2026-02-01"}, "Status": 0, "Version": 1, "TenantId": "edited-ledger", "IssueDate": null, "CurrencyCode": "USD", "InvoiceNumber": null, "TotalsVersion": 0}', '2026-12-06 21:53:56.899077+00', '01a24d59-70a7-4fc2-a486-7b13aecba9af', 'Invoicing.Invoices.InvoiceSummary');
INSERT INTO invoicing.mt_doc_invoicesummary VALUES ('edited-invoice@2026-01-01', '{"Id": "edited-invoice@2026-01-01", "Total": 1.95, "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "Status": 2, "Version": 3, "TenantId": "edited-invoice", "IssueDate": "2026-01-20", "CurrencyCode": "USD", "InvoiceNumber": "INV-edited-invoice-issuer-000001", "TotalsVersion": 4}', '2026-12-06 21:53:59.938926+00', '01a24d59-7c98-44b6-8eda-64a5ab6d8724', 'Invoicing.Invoices.InvoiceSummary');
INSERT INTO invoicing.mt_doc_invoicesummary VALUES ('edited-invoice@2026-02-01', '{"Id": "edited-invoice@2026-02-01", "Total": null, "Period": {"End": "2026-03-01T00:00:00+00:00", "Start": "2026-02-01T00:00:00+00:00", "LocalEnd": "2026-03-01", "LocalStart": "2026-02-01"}, "Status": 0, "Version": 1, "TenantId": "edited-invoice", "IssueDate": null, "CurrencyCode": "USD", "InvoiceNumber": null, "TotalsVersion": 0}', '2026-12-06 21:53:59.938926+00', '01a24d59-7c98-4d91-868a-b3973c4bcca3', 'Invoicing.Invoices.InvoiceSummary');
INSERT INTO invoicing.mt_doc_invoicesummary VALUES ('edited-accrual@2026-01-01', '{"Id": "edited-accrual@2026-01-01", "Total": 1.95, "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "Status": 2, "Version": 3, "TenantId": "edited-accrual", "IssueDate": "2026-01-20", "CurrencyCode": "USD", "InvoiceNumber": "INV-edited-accrual-issuer-000001", "TotalsVersion": 4}', '2026-12-06 21:54:01.887855+00', '01a24d59-8428-439f-841d-bb8f240a86d5', 'Invoicing.Invoices.InvoiceSummary');
INSERT INTO invoicing.mt_doc_invoicesummary VALUES ('edited-accrual@2026-02-01', '{"Id": "edited-accrual@2026-02-01", "Total": null, "Period": {"End": "2026-03-01T00:00:00+00:00", "Start": "2026-02-01T00:00:00+00:00", "LocalEnd": "2026-03-01", "LocalStart": "2026-02-01"}, "Status": 0, "Version": 1, "TenantId": "edited-accrual", "IssueDate": null, "CurrencyCode": "USD", "InvoiceNumber": null, "TotalsVersion": 0}', '2026-12-06 21:54:01.887855+00', '01a24d59-8428-4ab5-9235-31d5b38a63d7', 'Invoicing.Invoices.InvoiceSummary');
INSERT INTO invoicing.mt_doc_invoicesummary VALUES ('lost-ledger-event@2026-01-01', '{"Id": "lost-ledger-event@2026-01-01", "Total": 1.95, "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "Status": 2, "Version": 3, "TenantId": "lost-ledger-event", "IssueDate": "2026-01-20", "CurrencyCode": "USD", "InvoiceNumber": "INV-lost-ledger-event-issuer-000001", "TotalsVersion": 4}', '2026-12-06 21:54:05.813078+00', '01a24d59-9379-49ad-b6a9-e43d48140545', 'Invoicing.Invoices.InvoiceSummary');
INSERT INTO invoicing.mt_doc_invoicesummary VALUES ('lost-ledger-event@2026-02-01', '{"Id": "lost-ledger-event@2026-02-01", "Total": null, "Period": {"End": "2026-03-01T00:00:00+00:00", "Start": "2026-02-01T00:00:00+00:00", "LocalEnd": "2026-03-01", "LocalStart": "2026-02-01"}, "Status": 0, "Version": 1, "TenantId": "lost-ledger-event", "IssueDate": null, "CurrencyCode": "USD", "InvoiceNumber": null, "TotalsVersion": 0}', '2026-12-06 21:54:05.813078+00', '01a24d59-9379-48dc-9c31-ee07764cb0bb', 'Invoicing.Invoices.InvoiceSummary');


--
-- Data for Name: mt_doc_issuedcreditnote; Type: TABLE DATA; Schema: invoicing; Owner: -
--



--
-- Data for Name: mt_doc_periodcharges; Type: TABLE DATA; Schema: invoicing; Owner: -
--

INSERT INTO invoicing.mt_doc_periodcharges VALUES ('untouched@2026-01-01T00:00Z', '{"Id": "untouched@2026-01-01T00:00Z", "Rated": {"Charges": [{"Kind": "usage", "Tier": null, "Unit": "GPU-hour", "Meter": "gpu-time", "Amount": 1.60, "GpuModel": "H100", "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": 2.40, "RateCardId": "rc-audit", "Description": "GPU time H100/on-demand", "MeterQuantity": 2400, "RateCardVersion": 1}, {"Kind": "usage", "Tier": null, "Unit": "kWh", "Meter": "energy", "Amount": 0.0366666666666666666666666667, "GpuModel": "H100", "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": 0.20, "RateCardId": "rc-audit", "Description": "Energy H100/on-demand", "MeterQuantity": 660000, "RateCardVersion": 1}], "RatedAt": "2026-01-01T00:00:00+00:00", "TenantId": "untouched", "PeriodEnd": "2026-02-01T00:00:00+00:00", "LastSecond": "2026-01-11T09:14:59+00:00", "RateCardId": "rc-audit", "FirstSecond": "2026-01-10T10:00:00+00:00", "PeriodStart": "2026-01-01T00:00:00+00:00", "CurrencyCode": "USD", "LedgerEvents": 3, "AccrualStream": "untouched@2026-01-01T00:00Z", "TotalsVersion": 4, "MeteredGpuSeconds": 2400, "BillableGpuSeconds": 2400}}', '2026-12-06 21:53:44.593432+00', '01a24d59-409f-4043-bf5a-5ce2140615b4', 'Invoicing.Ratings.PeriodCharges');
INSERT INTO invoicing.mt_doc_periodcharges VALUES ('edited-rate-card@2026-01-01T00:00Z', '{"Id": "edited-rate-card@2026-01-01T00:00Z", "Rated": {"Charges": [{"Kind": "usage", "Tier": null, "Unit": "GPU-hour", "Meter": "gpu-time", "Amount": 1.60, "GpuModel": "H100", "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": 2.40, "RateCardId": "rc-audit", "Description": "GPU time H100/on-demand", "MeterQuantity": 2400, "RateCardVersion": 1}, {"Kind": "usage", "Tier": null, "Unit": "kWh", "Meter": "energy", "Amount": 0.0366666666666666666666666667, "GpuModel": "H100", "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": 0.20, "RateCardId": "rc-audit", "Description": "Energy H100/on-demand", "MeterQuantity": 660000, "RateCardVersion": 1}], "RatedAt": "2026-01-01T00:00:00+00:00", "TenantId": "edited-rate-card", "PeriodEnd": "2026-02-01T00:00:00+00:00", "LastSecond": "2026-01-11T09:14:59+00:00", "RateCardId": "rc-audit", "FirstSecond": "2026-01-10T10:00:00+00:00", "PeriodStart": "2026-01-01T00:00:00+00:00", "CurrencyCode": "USD", "LedgerEvents": 3, "AccrualStream": "edited-rate-card@2026-01-01T00:00Z", "TotalsVersion": 4, "MeteredGpuSeconds": 2400, "BillableGpuSeconds": 2400}}', '2026-12-06 21:53:48.627333+00', '01a24d59-5056-41c5-8155-4c4e0b7c127d', 'Invoicing.Ratings.PeriodCharges');
INSERT INTO invoicing.mt_doc_periodcharges VALUES ('reattributed-accrual@2026-01-01T00:00Z', '{"Id": "reattributed-accrual@2026-01-01T00:00Z", "Rated": {"Charges": [{"Kind": "usage", "Tier": null, "Unit": "GPU-hour", "Meter": "gpu-time", "Amount": 1.60, "GpuModel": "H100", "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": 2.40, "RateCardId": "rc-audit", "Description": "GPU time H100/on-demand", "MeterQuantity": 2400, "RateCardVersion": 1}, {"Kind": "usage", "Tier": null, "Unit": "kWh", "Meter": "energy", "Amount": 0.0366666666666666666666666667, "GpuModel": "H100", "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": 0.20, "RateCardId": "rc-audit", "Description": "Energy H100/on-demand", "MeterQuantity": 660000, "RateCardVersion": 1}], "RatedAt": "2026-01-01T00:00:00+00:00", "TenantId": "reattributed-accrual", "PeriodEnd": "2026-02-01T00:00:00+00:00", "LastSecond": "2026-01-11T09:14:59+00:00", "RateCardId": "rc-audit", "FirstSecond": "2026-01-10T10:00:00+00:00", "PeriodStart": "2026-01-01T00:00:00+00:00", "CurrencyCode": "USD", "LedgerEvents": 3, "AccrualStream": "reattributed-accrual@2026-01-01T00:00Z", "TotalsVersion": 4, "MeteredGpuSeconds": 2400, "BillableGpuSeconds": 2400}}', '2026-12-06 21:53:52.734817+00', '01a24d59-6070-4246-9d71-9d38d1d9a0c7', 'Invoicing.Ratings.PeriodCharges');
INSERT INTO invoicing.mt_doc_periodcharges VALUES ('edited-ledger@2026-01-01T00:00Z', '{"Id": "edited-ledger@2026-01-01T00:00Z", "Rated": {"Charges": [{"Kind": "usage", "Tier": null, "Unit": "GPU-hour", "Meter": "gpu-time", "Amount": 1.60, "GpuModel": "H100", "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": 2.40, "RateCardId": "rc-audit", "Description": "GPU time H100/on-demand", "MeterQuantity": 2400, "RateCardVersion": 1}, {"Kind": "usage", "Tier": null, "Unit": "kWh", "Meter": "energy", "Amount": 0.0366666666666666666666666667, "GpuModel": "H100", "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": 0.20, "RateCardId": "rc-audit", "Description": "Energy H100/on-demand", "MeterQuantity": 660000, "RateCardVersion": 1}], "RatedAt": "2026-01-01T00:00:00+00:00", "TenantId": "edited-ledger", "PeriodEnd": "2026-02-01T00:00:00+00:00", "LastSecond": "2026-01-11T09:14:59+00:00", "RateCardId": "rc-audit", "FirstSecond": "2026-01-10T10:00:00+00:00", "PeriodStart": "2026-01-01T00:00:00+00:00", "CurrencyCode": "USD", "LedgerEvents": 3, "AccrualStream": "edited-ledger@2026-01-01T00:00Z", "TotalsVersion": 4, "MeteredGpuSeconds": 2400, "BillableGpuSeconds": 2400}}', '2026-12-06 21:53:56.713234+00', '01a24d59-6ffa-47fa-b68a-a24cedd223fc', 'Invoicing.Ratings.PeriodCharges');
INSERT INTO invoicing.mt_doc_periodcharges VALUES ('edited-invoice@2026-01-01T00:00Z', '{"Id": "edited-invoice@2026-01-01T00:00Z", "Rated": {"Charges": [{"Kind": "usage", "Tier": null, "Unit": "GPU-hour", "Meter": "gpu-time", "Amount": 1.60, "GpuModel": "H100", "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": 2.40, "RateCardId": "rc-audit", "Description": "GPU time H100/on-demand", "MeterQuantity": 2400, "RateCardVersion": 1}, {"Kind": "usage", "Tier": null, "Unit": "kWh", "Meter": "energy", "Amount": 0.0366666666666666666666666667, "GpuModel": "H100", "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": 0.20, "RateCardId": "rc-audit", "Description": "Energy H100/on-demand", "MeterQuantity": 660000, "RateCardVersion": 1}], "RatedAt": "2026-01-01T00:00:00+00:00", "TenantId": "edited-invoice", "PeriodEnd": "2026-02-01T00:00:00+00:00", "LastSecond": "2026-01-11T09:14:59+00:00", "RateCardId": "rc-audit", "FirstSecond": "2026-01-10T10:00:00+00:00", "PeriodStart": "2026-01-01T00:00:00+00:00", "CurrencyCode": "USD", "LedgerEvents": 3, "AccrualStream": "edited-invoice@2026-01-01T00:00Z", "TotalsVersion": 4, "MeteredGpuSeconds": 2400, "BillableGpuSeconds": 2400}}', '2026-12-06 21:53:59.758684+00', '01a24d59-7bda-4931-9518-0fbbedb0b984', 'Invoicing.Ratings.PeriodCharges');
INSERT INTO invoicing.mt_doc_periodcharges VALUES ('edited-accrual@2026-01-01T00:00Z', '{"Id": "edited-accrual@2026-01-01T00:00Z", "Rated": {"Charges": [{"Kind": "usage", "Tier": null, "Unit": "GPU-hour", "Meter": "gpu-time", "Amount": 1.60, "GpuModel": "H100", "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": 2.40, "RateCardId": "rc-audit", "Description": "GPU time H100/on-demand", "MeterQuantity": 2400, "RateCardVersion": 1}, {"Kind": "usage", "Tier": null, "Unit": "kWh", "Meter": "energy", "Amount": 0.0366666666666666666666666667, "GpuModel": "H100", "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": 0.20, "RateCardId": "rc-audit", "Description": "Energy H100/on-demand", "MeterQuantity": 660000, "RateCardVersion": 1}], "RatedAt": "2026-01-01T00:00:00+00:00", "TenantId": "edited-accrual", "PeriodEnd": "2026-02-01T00:00:00+00:00", "LastSecond": "2026-01-11T09:14:59+00:00", "RateCardId": "rc-audit", "FirstSecond": "2026-01-10T10:00:00+00:00", "PeriodStart": "2026-01-01T00:00:00+00:00", "CurrencyCode": "USD", "LedgerEvents": 3, "AccrualStream": "edited-accrual@2026-01-01T00:00Z", "TotalsVersion": 4, "MeteredGpuSeconds": 2400, "BillableGpuSeconds": 2400}}', '2026-12-06 21:54:01.780162+00', '01a24d59-83cf-419c-ac82-8412a17a9a4f', 'Invoicing.Ratings.PeriodCharges');
INSERT INTO invoicing.mt_doc_periodcharges VALUES ('lost-ledger-event@2026-01-01T00:00Z', '{"Id": "lost-ledger-event@2026-01-01T00:00Z", "Rated": {"Charges": [{"Kind": "usage", "Tier": null, "Unit": "GPU-hour", "Meter": "gpu-time", "Amount": 1.60, "GpuModel": "H100", "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": 2.40, "RateCardId": "rc-audit", "Description": "GPU time H100/on-demand", "MeterQuantity": 2400, "RateCardVersion": 1}, {"Kind": "usage", "Tier": null, "Unit": "kWh", "Meter": "energy", "Amount": 0.0366666666666666666666666667, "GpuModel": "H100", "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": 0.20, "RateCardId": "rc-audit", "Description": "Energy H100/on-demand", "MeterQuantity": 660000, "RateCardVersion": 1}], "RatedAt": "2026-01-01T00:00:00+00:00", "TenantId": "lost-ledger-event", "PeriodEnd": "2026-02-01T00:00:00+00:00", "LastSecond": "2026-01-11T09:14:59+00:00", "RateCardId": "rc-audit", "FirstSecond": "2026-01-10T10:00:00+00:00", "PeriodStart": "2026-01-01T00:00:00+00:00", "CurrencyCode": "USD", "LedgerEvents": 3, "AccrualStream": "lost-ledger-event@2026-01-01T00:00Z", "TotalsVersion": 4, "MeteredGpuSeconds": 2400, "BillableGpuSeconds": 2400}}', '2026-12-06 21:54:05.802974+00', '01a24d59-936d-420e-9c74-c1ceec010b83', 'Invoicing.Ratings.PeriodCharges');


--
-- Data for Name: mt_doc_usagethresholds; Type: TABLE DATA; Schema: invoicing; Owner: -
--



--
-- Data for Name: mt_event_progression; Type: TABLE DATA; Schema: invoicing; Owner: -
--

INSERT INTO invoicing.mt_event_progression VALUES ('billing-terms-publisher:All', 32, '2026-12-06 21:54:04.790277+00', 'none', 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO invoicing.mt_event_progression VALUES ('partner-events-publisher:All', 32, '2026-12-06 21:54:04.794195+00', 'none', 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO invoicing.mt_event_progression VALUES ('HighWaterAllocationFence', 32, '2026-12-06 21:54:05.791472+00', 'none', 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO invoicing.mt_event_progression VALUES ('HighWaterMark', 32, '2026-12-06 21:54:05.797945+00', 'none', 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);


--
-- Data for Name: mt_event_projection_floors; Type: TABLE DATA; Schema: invoicing; Owner: -
--



--
-- Data for Name: mt_events; Type: TABLE DATA; Schema: invoicing; Owner: -
--

INSERT INTO invoicing.mt_events VALUES (1, '7d7812d6-22f1-4e92-b661-fa6ca5daf636', 'untouched', 1, '{"Hash": "92dea29fd8b68d1968a56e15d5c5ed6a475be85be1ee99a1543702913f7deeb9", "Account": {"Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "TaxRate": 0.19, "Customer": {"Name": "untouched Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "untouched-issuer", "TenantId": "untouched", "AnchorDay": 1, "RateCardId": "rc-audit", "TimeZoneId": "UTC", "GracePeriod": "00:00:00", "CurrencyCode": "USD", "PaymentTermsDays": 30}, "CausedBy": {"Id": "alice@finance", "Kind": 0}, "TenantId": "untouched", "OccurredAt": "2026-01-20T00:00:00+00:00"}', NULL, 'billing_account_opened', '2026-12-06 21:53:41.397058+00', '*DEFAULT*', 'Invoicing.BillingAccounts.BillingAccountOpened, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (2, 'fb9dad57-eabf-4056-9ab8-2c84d79474fd', 'untouched@2026-01-01', 1, '{"Hash": "168e29ecde3ea282b5788b8b8194220fc87aafa85cf3f33727ead610c63d939a", "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "CausedBy": {"Id": "invoicing", "Kind": 1}, "Currency": {"Code": "USD", "MinorUnits": 2}, "TenantId": "untouched", "InvoiceId": "untouched@2026-01-01", "OccurredAt": "2026-01-20T00:00:00+00:00", "TimeZoneId": "UTC"}', NULL, 'invoice_draft_opened', '2026-12-06 21:53:42.711993+00', '*DEFAULT*', 'Invoicing.Invoices.InvoiceDraftOpened, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (3, '8db9ba92-74ea-4cd0-8f6e-37407251daf0', 'untouched@2026-01-01', 2, '{"Hash": "0c175ba9611fc367e16b91b1253222f410c644c26ef127251a4ce80bf941ab39", "Charges": [{"Unit": "GPU-hour", "Meter": "gpu-time", "Amount": {"Amount": 1.60, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "untouched@2026-01-01T00:00Z", "MeterQuantity": 2400, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": {"Amount": 2.40, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "GPU time H100/on-demand"}, {"Unit": "kWh", "Meter": "energy", "Amount": {"Amount": 0.0366666666666666666666666667, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": false}, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "untouched@2026-01-01T00:00Z", "MeterQuantity": 660000, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": {"Amount": 0.20, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "Energy H100/on-demand"}], "CausedBy": {"Id": "alice@finance", "Kind": 0}, "InvoiceId": "untouched@2026-01-01", "OccurredAt": "2026-01-20T00:00:00+00:00", "TotalsVersion": 4, "MeteredGpuSeconds": 2400}', NULL, 'invoice_draft_updated', '2026-12-06 21:53:44.673548+00', '*DEFAULT*', 'Invoicing.Invoices.InvoiceDraftUpdated, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (4, 'e208cfc0-960c-43d2-8e97-78dbff4b2675', 'untouched@2026-01-01', 3, '{"Tax": {"Amount": 0.31, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Hash": "ef6c90d15af39c814a08d13f8cc5b125c3b98f54d38386059b6d5eb68b0ea119", "Lines": [{"Unit": "kWh", "Meter": "energy", "Amount": {"Amount": 0.04, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Number": 1, "Adjusts": null, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "untouched@2026-01-01T00:00Z", "MeterQuantity": 660000, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": {"Amount": 0.20, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "Energy H100/on-demand"}, {"Unit": "GPU-hour", "Meter": "gpu-time", "Amount": {"Amount": 1.60, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Number": 2, "Adjusts": null, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "untouched@2026-01-01T00:00Z", "MeterQuantity": 2400, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": {"Amount": 2.40, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "GPU time H100/on-demand"}], "Total": {"Amount": 1.95, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "DueDate": "2026-02-19", "TaxRate": 0.19, "Trigger": 1, "CausedBy": {"Id": "alice@finance", "Kind": 0}, "Customer": {"Name": "untouched Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "untouched-issuer", "Subtotal": {"Amount": 1.64, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "TenantId": "untouched", "InvoiceId": "untouched@2026-01-01", "IssueDate": "2026-01-20", "OccurredAt": "2026-01-20T00:00:00+00:00", "InvoiceNumber": "INV-untouched-issuer-000001", "Reconciliation": {"RatedGpuSeconds": 2400, "LedgerGpuSeconds": 2400, "InvoicedGpuSeconds": null, "RatedBillableGpuSeconds": 2400, "InvoicedBillableGpuSeconds": 2400}}', NULL, 'invoice_finalized', '2026-12-06 21:53:44.673548+00', '*DEFAULT*', 'Invoicing.Invoices.InvoiceFinalized, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (5, 'b9b6fc28-219f-4a8c-a99e-d9b2a9ae5f12', 'untouched@2026-02-01', 1, '{"Hash": "351c312a0e1cd05b38c9f9174d69509ec44fab31d40471704700bd0344fab763", "Period": {"End": "2026-03-01T00:00:00+00:00", "Start": "2026-02-01T00:00:00+00:00", "LocalEnd": "2026-03-01", "LocalStart": "2026-02-01"}, "CausedBy": {"Id": "alice@finance", "Kind": 0}, "Currency": {"Code": "USD", "MinorUnits": 2}, "TenantId": "untouched", "InvoiceId": "untouched@2026-02-01", "OccurredAt": "2026-01-20T00:00:00+00:00", "TimeZoneId": "UTC"}', NULL, 'invoice_draft_opened', '2026-12-06 21:53:44.6736+00', '*DEFAULT*', 'Invoicing.Invoices.InvoiceDraftOpened, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (6, 'fb979ef3-5c2f-4f78-8514-2bc3dfc36b09', 'edited-rate-card', 1, '{"Hash": "0751d7be4029f06dbc4a7f5645d8245504b683acc98d21b71cfa10b423ff2cdf", "Account": {"Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "TaxRate": 0.19, "Customer": {"Name": "edited-rate-card Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "edited-rate-card-issuer", "TenantId": "edited-rate-card", "AnchorDay": 1, "RateCardId": "rc-audit", "TimeZoneId": "UTC", "GracePeriod": "00:00:00", "CurrencyCode": "USD", "PaymentTermsDays": 30}, "CausedBy": {"Id": "alice@finance", "Kind": 0}, "TenantId": "edited-rate-card", "OccurredAt": "2026-01-20T00:00:00+00:00"}', NULL, 'billing_account_opened', '2026-12-06 21:53:45.060386+00', '*DEFAULT*', 'Invoicing.BillingAccounts.BillingAccountOpened, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (7, 'd307264d-5e3c-4f3b-877b-a4c8a3d85e0a', 'edited-rate-card@2026-01-01', 1, '{"Hash": "db4ed128f5d266cc8739e19983b999c1f21f5ec06aeb3d91194d99bdb734465d", "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "CausedBy": {"Id": "invoicing", "Kind": 1}, "Currency": {"Code": "USD", "MinorUnits": 2}, "TenantId": "edited-rate-card", "InvoiceId": "edited-rate-card@2026-01-01", "OccurredAt": "2026-01-20T00:00:00+00:00", "TimeZoneId": "UTC"}', NULL, 'invoice_draft_opened', '2026-12-06 21:53:46.63583+00', '*DEFAULT*', 'Invoicing.Invoices.InvoiceDraftOpened, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (8, '4d0812f7-7290-4968-b129-165dcd74784f', 'edited-rate-card@2026-01-01', 2, '{"Hash": "6cb149ff3d27f2107ebe850836ed27328192505bccece93b3e5b4213857d7796", "Charges": [{"Unit": "GPU-hour", "Meter": "gpu-time", "Amount": {"Amount": 1.60, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "edited-rate-card@2026-01-01T00:00Z", "MeterQuantity": 2400, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": {"Amount": 2.40, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "GPU time H100/on-demand"}, {"Unit": "kWh", "Meter": "energy", "Amount": {"Amount": 0.0366666666666666666666666667, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": false}, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "edited-rate-card@2026-01-01T00:00Z", "MeterQuantity": 660000, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": {"Amount": 0.20, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "Energy H100/on-demand"}], "CausedBy": {"Id": "alice@finance", "Kind": 0}, "InvoiceId": "edited-rate-card@2026-01-01", "OccurredAt": "2026-01-20T00:00:00+00:00", "TotalsVersion": 4, "MeteredGpuSeconds": 2400}', NULL, 'invoice_draft_updated', '2026-12-06 21:53:48.813364+00', '*DEFAULT*', 'Invoicing.Invoices.InvoiceDraftUpdated, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (9, '72e6bd04-2e84-4083-b82a-0c706f784bea', 'edited-rate-card@2026-01-01', 3, '{"Tax": {"Amount": 0.31, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Hash": "66989f853762a3c85526c99c54773fd636c3462eae5a288ba5e01a2e79515f7f", "Lines": [{"Unit": "kWh", "Meter": "energy", "Amount": {"Amount": 0.04, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Number": 1, "Adjusts": null, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "edited-rate-card@2026-01-01T00:00Z", "MeterQuantity": 660000, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": {"Amount": 0.20, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "Energy H100/on-demand"}, {"Unit": "GPU-hour", "Meter": "gpu-time", "Amount": {"Amount": 1.60, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Number": 2, "Adjusts": null, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "edited-rate-card@2026-01-01T00:00Z", "MeterQuantity": 2400, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": {"Amount": 2.40, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "GPU time H100/on-demand"}], "Total": {"Amount": 1.95, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "DueDate": "2026-02-19", "TaxRate": 0.19, "Trigger": 1, "CausedBy": {"Id": "alice@finance", "Kind": 0}, "Customer": {"Name": "edited-rate-card Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "edited-rate-card-issuer", "Subtotal": {"Amount": 1.64, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "TenantId": "edited-rate-card", "InvoiceId": "edited-rate-card@2026-01-01", "IssueDate": "2026-01-20", "OccurredAt": "2026-01-20T00:00:00+00:00", "InvoiceNumber": "INV-edited-rate-card-issuer-000001", "Reconciliation": {"RatedGpuSeconds": 2400, "LedgerGpuSeconds": 2400, "InvoicedGpuSeconds": null, "RatedBillableGpuSeconds": 2400, "InvoicedBillableGpuSeconds": 2400}}', NULL, 'invoice_finalized', '2026-12-06 21:53:48.813364+00', '*DEFAULT*', 'Invoicing.Invoices.InvoiceFinalized, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (10, 'b698fbda-bb90-4773-b368-fc6b4a5c1efd', 'edited-rate-card@2026-02-01', 1, '{"Hash": "5e00874eb46353ab63b46f416a29bade7ef6bcce24a53dc03a7af137f456c225", "Period": {"End": "2026-03-01T00:00:00+00:00", "Start": "2026-02-01T00:00:00+00:00", "LocalEnd": "2026-03-01", "LocalStart": "2026-02-01"}, "CausedBy": {"Id": "alice@finance", "Kind": 0}, "Currency": {"Code": "USD", "MinorUnits": 2}, "TenantId": "edited-rate-card", "InvoiceId": "edited-rate-card@2026-02-01", "OccurredAt": "2026-01-20T00:00:00+00:00", "TimeZoneId": "UTC"}', NULL, 'invoice_draft_opened', '2026-12-06 21:53:48.813386+00', '*DEFAULT*', 'Invoicing.Invoices.InvoiceDraftOpened, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (11, '958f50f7-8098-45f2-a549-901f69ca4171', 'reattributed-accrual', 1, '{"Hash": "1db753335dafdf7cb28b8d6dae5710136e758054cdac3e1c73113789f885a58d", "Account": {"Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "TaxRate": 0.19, "Customer": {"Name": "reattributed-accrual Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "reattributed-accrual-issuer", "TenantId": "reattributed-accrual", "AnchorDay": 1, "RateCardId": "rc-audit", "TimeZoneId": "UTC", "GracePeriod": "00:00:00", "CurrencyCode": "USD", "PaymentTermsDays": 30}, "CausedBy": {"Id": "alice@finance", "Kind": 0}, "TenantId": "reattributed-accrual", "OccurredAt": "2026-01-20T00:00:00+00:00"}', NULL, 'billing_account_opened', '2026-12-06 21:53:48.973077+00', '*DEFAULT*', 'Invoicing.BillingAccounts.BillingAccountOpened, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (13, '34c5f2f2-5f7a-4ef2-aaf3-cc6ceae2e4e5', 'reattributed-accrual@2026-01-01', 2, '{"Hash": "9420199d8eebcb36f20853802bd55eca75ac323281407167f7ad73df429f0584", "Charges": [{"Unit": "GPU-hour", "Meter": "gpu-time", "Amount": {"Amount": 1.60, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "reattributed-accrual@2026-01-01T00:00Z", "MeterQuantity": 2400, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": {"Amount": 2.40, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "GPU time H100/on-demand"}, {"Unit": "kWh", "Meter": "energy", "Amount": {"Amount": 0.0366666666666666666666666667, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": false}, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "reattributed-accrual@2026-01-01T00:00Z", "MeterQuantity": 660000, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": {"Amount": 0.20, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "Energy H100/on-demand"}], "CausedBy": {"Id": "alice@finance", "Kind": 0}, "InvoiceId": "reattributed-accrual@2026-01-01", "OccurredAt": "2026-01-20T00:00:00+00:00", "TotalsVersion": 4, "MeteredGpuSeconds": 2400}', NULL, 'invoice_draft_updated', '2026-12-06 21:53:52.888961+00', '*DEFAULT*', 'Invoicing.Invoices.InvoiceDraftUpdated, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (12, '6b612dea-0836-4175-97a0-24607916b3df', 'reattributed-accrual@2026-01-01', 1, '{"Hash": "4fba20b62ec282b0c3cf18dd7fa49a60dc037cbc6ca6623fd77ee1070ea0e0d3", "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "CausedBy": {"Id": "invoicing", "Kind": 1}, "Currency": {"Code": "USD", "MinorUnits": 2}, "TenantId": "reattributed-accrual", "InvoiceId": "reattributed-accrual@2026-01-01", "OccurredAt": "2026-01-20T00:00:00+00:00", "TimeZoneId": "UTC"}', NULL, 'invoice_draft_opened', '2026-12-06 21:53:50.650477+00', '*DEFAULT*', 'Invoicing.Invoices.InvoiceDraftOpened, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (17, 'abd1eda6-1806-4c00-8ca6-b2d2e9d327cf', 'edited-ledger@2026-01-01', 1, '{"Hash": "62d8468122834278654e6789986f140973b0e4b0af3414b2d1868186a135c605", "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "CausedBy": {"Id": "invoicing", "Kind": 1}, "Currency": {"Code": "USD", "MinorUnits": 2}, "TenantId": "edited-ledger", "InvoiceId": "edited-ledger@2026-01-01", "OccurredAt": "2026-01-20T00:00:00+00:00", "TimeZoneId": "UTC"}', NULL, 'invoice_draft_opened', '2026-12-06 21:53:54.709173+00', '*DEFAULT*', 'Invoicing.Invoices.InvoiceDraftOpened, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (21, '4fbc7e72-b913-497f-953b-1fe91bb634c4', 'edited-invoice', 1, '{"Hash": "a025066232cec9b7ae260889a4d1fb39a6e3414336d10fa4ab0b4fe855ccaf66", "Account": {"Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "TaxRate": 0.19, "Customer": {"Name": "edited-invoice Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "edited-invoice-issuer", "TenantId": "edited-invoice", "AnchorDay": 1, "RateCardId": "rc-audit", "TimeZoneId": "UTC", "GracePeriod": "00:00:00", "CurrencyCode": "USD", "PaymentTermsDays": 30}, "CausedBy": {"Id": "alice@finance", "Kind": 0}, "TenantId": "edited-invoice", "OccurredAt": "2026-01-20T00:00:00+00:00"}', NULL, 'billing_account_opened', '2026-12-06 21:53:57.002275+00', '*DEFAULT*', 'Invoicing.BillingAccounts.BillingAccountOpened, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (22, '5825a330-f99e-4100-a143-87f8451316ff', 'edited-invoice@2026-01-01', 1, '{"Hash": "c6c5ab73166b557d53ef8060928e9636a6869020efc4f5dbe49066c8ad51e5c2", "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "CausedBy": {"Id": "invoicing", "Kind": 1}, "Currency": {"Code": "USD", "MinorUnits": 2}, "TenantId": "edited-invoice", "InvoiceId": "edited-invoice@2026-01-01", "OccurredAt": "2026-01-20T00:00:00+00:00", "TimeZoneId": "UTC"}', NULL, 'invoice_draft_opened', '2026-12-06 21:53:57.727437+00', '*DEFAULT*', 'Invoicing.Invoices.InvoiceDraftOpened, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (26, '5f095ca0-b758-447c-969e-c442bd29be28', 'edited-accrual', 1, '{"Hash": "7dc731ca57ccd7c852f19dad8bea0ce1e96280da2c678e7caa3d15b32b3152a5", "Account": {"Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "TaxRate": 0.19, "Customer": {"Name": "edited-accrual Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "edited-accrual-issuer", "TenantId": "edited-accrual", "AnchorDay": 1, "RateCardId": "rc-audit", "TimeZoneId": "UTC", "GracePeriod": "00:00:00", "CurrencyCode": "USD", "PaymentTermsDays": 30}, "CausedBy": {"Id": "alice@finance", "Kind": 0}, "TenantId": "edited-accrual", "OccurredAt": "2026-01-20T00:00:00+00:00"}', NULL, 'billing_account_opened', '2026-12-06 21:54:00.019795+00', '*DEFAULT*', 'Invoicing.BillingAccounts.BillingAccountOpened, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (27, '32b3a9be-483d-4a1d-90e2-95043b1c4e75', 'edited-accrual@2026-01-01', 1, '{"Hash": "e362e6dba2edc64aaad751adb5113dfa8c4c52839871d1acefbd0a6138cbddc0", "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "CausedBy": {"Id": "invoicing", "Kind": 1}, "Currency": {"Code": "USD", "MinorUnits": 2}, "TenantId": "edited-accrual", "InvoiceId": "edited-accrual@2026-01-01", "OccurredAt": "2026-01-20T00:00:00+00:00", "TimeZoneId": "UTC"}', NULL, 'invoice_draft_opened', '2026-12-06 21:54:00.775316+00', '*DEFAULT*', 'Invoicing.Invoices.InvoiceDraftOpened, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (28, '18d2ccbf-d55e-49be-8031-978a9e3dbf2f', 'edited-accrual@2026-01-01', 2, '{"Hash": "2d56250e87a37a619d23386b0ecb5cebe8d030d7458ff4dcac9968250b851688", "Charges": [{"Unit": "GPU-hour", "Meter": "gpu-time", "Amount": {"Amount": 1.60, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "edited-accrual@2026-01-01T00:00Z", "MeterQuantity": 2400, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": {"Amount": 2.40, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "GPU time H100/on-demand"}, {"Unit": "kWh", "Meter": "energy", "Amount": {"Amount": 0.0366666666666666666666666667, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": false}, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "edited-accrual@2026-01-01T00:00Z", "MeterQuantity": 660000, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": {"Amount": 0.20, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "Energy H100/on-demand"}], "CausedBy": {"Id": "alice@finance", "Kind": 0}, "InvoiceId": "edited-accrual@2026-01-01", "OccurredAt": "2026-01-20T00:00:00+00:00", "TotalsVersion": 4, "MeteredGpuSeconds": 2400}', NULL, 'invoice_draft_updated', '2026-12-06 21:54:01.896212+00', '*DEFAULT*', 'Invoicing.Invoices.InvoiceDraftUpdated, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (14, '99f89ab0-d066-47fd-a664-3d3ed24f6f0d', 'reattributed-accrual@2026-01-01', 3, '{"Tax": {"Amount": 0.31, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Hash": "9f036a4a897bffd8e9a77e381d8851b46493796bfcf8eddef2a78148f1d04176", "Lines": [{"Unit": "kWh", "Meter": "energy", "Amount": {"Amount": 0.04, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Number": 1, "Adjusts": null, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "reattributed-accrual@2026-01-01T00:00Z", "MeterQuantity": 660000, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": {"Amount": 0.20, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "Energy H100/on-demand"}, {"Unit": "GPU-hour", "Meter": "gpu-time", "Amount": {"Amount": 1.60, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Number": 2, "Adjusts": null, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "reattributed-accrual@2026-01-01T00:00Z", "MeterQuantity": 2400, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": {"Amount": 2.40, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "GPU time H100/on-demand"}], "Total": {"Amount": 1.95, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "DueDate": "2026-02-19", "TaxRate": 0.19, "Trigger": 1, "CausedBy": {"Id": "alice@finance", "Kind": 0}, "Customer": {"Name": "reattributed-accrual Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "reattributed-accrual-issuer", "Subtotal": {"Amount": 1.64, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "TenantId": "reattributed-accrual", "InvoiceId": "reattributed-accrual@2026-01-01", "IssueDate": "2026-01-20", "OccurredAt": "2026-01-20T00:00:00+00:00", "InvoiceNumber": "INV-reattributed-accrual-issuer-000001", "Reconciliation": {"RatedGpuSeconds": 2400, "LedgerGpuSeconds": 2400, "InvoicedGpuSeconds": null, "RatedBillableGpuSeconds": 2400, "InvoicedBillableGpuSeconds": 2400}}', NULL, 'invoice_finalized', '2026-12-06 21:53:52.888961+00', '*DEFAULT*', 'Invoicing.Invoices.InvoiceFinalized, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (15, 'ac826b68-dd3b-4de7-85ca-bde38c1483cd', 'reattributed-accrual@2026-02-01', 1, '{"Hash": "e9b7ba91e8630899ac399b9e8bbf0119e1720de763ac68bba390f982a9e3b102", "Period": {"End": "2026-03-01T00:00:00+00:00", "Start": "2026-02-01T00:00:00+00:00", "LocalEnd": "2026-03-01", "LocalStart": "2026-02-01"}, "CausedBy": {"Id": "alice@finance", "Kind": 0}, "Currency": {"Code": "USD", "MinorUnits": 2}, "TenantId": "reattributed-accrual", "InvoiceId": "reattributed-accrual@2026-02-01", "OccurredAt": "2026-01-20T00:00:00+00:00", "TimeZoneId": "UTC"}', NULL, 'invoice_draft_opened', '2026-12-06 21:53:52.888984+00', '*DEFAULT*', 'Invoicing.Invoices.InvoiceDraftOpened, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (16, '0ee7f50b-96ef-420a-bcf9-414ac781a6c2', 'edited-ledger', 1, '{"Hash": "edf54a6743b13edef4b5bbe96353ab916f82f12dc693680a13521b26080e28ab", "Account": {"Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "TaxRate": 0.19, "Customer": {"Name": "edited-ledger Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "edited-ledger-issuer", "TenantId": "edited-ledger", "AnchorDay": 1, "RateCardId": "rc-audit", "TimeZoneId": "UTC", "GracePeriod": "00:00:00", "CurrencyCode": "USD", "PaymentTermsDays": 30}, "CausedBy": {"Id": "alice@finance", "Kind": 0}, "TenantId": "edited-ledger", "OccurredAt": "2026-01-20T00:00:00+00:00"}', NULL, 'billing_account_opened', '2026-12-06 21:53:53.212214+00', '*DEFAULT*', 'Invoicing.BillingAccounts.BillingAccountOpened, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (18, '2e496eec-e3a3-43a7-bb80-ac357ce79271', 'edited-ledger@2026-01-01', 2, '{"Hash": "accd2630f7e40be587e2f2cf12f7b69e7c00b724b1e84695a73e6a58b9ef8856", "Charges": [{"Unit": "GPU-hour", "Meter": "gpu-time", "Amount": {"Amount": 1.60, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "edited-ledger@2026-01-01T00:00Z", "MeterQuantity": 2400, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": {"Amount": 2.40, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "GPU time H100/on-demand"}, {"Unit": "kWh", "Meter": "energy", "Amount": {"Amount": 0.0366666666666666666666666667, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": false}, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "edited-ledger@2026-01-01T00:00Z", "MeterQuantity": 660000, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": {"Amount": 0.20, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "Energy H100/on-demand"}], "CausedBy": {"Id": "alice@finance", "Kind": 0}, "InvoiceId": "edited-ledger@2026-01-01", "OccurredAt": "2026-01-20T00:00:00+00:00", "TotalsVersion": 4, "MeteredGpuSeconds": 2400}', NULL, 'invoice_draft_updated', '2026-12-06 21:53:56.903328+00', '*DEFAULT*', 'Invoicing.Invoices.InvoiceDraftUpdated, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (19, 'd07d4bf3-9b2a-4a46-a7b9-69f869e89588', 'edited-ledger@2026-01-01', 3, '{"Tax": {"Amount": 0.31, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Hash": "417e5ebcf22bb6bebbaece47ff81257ecc241d3feaf942bff1766574dd6456c9", "Lines": [{"Unit": "kWh", "Meter": "energy", "Amount": {"Amount": 0.04, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Number": 1, "Adjusts": null, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "edited-ledger@2026-01-01T00:00Z", "MeterQuantity": 660000, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": {"Amount": 0.20, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "Energy H100/on-demand"}, {"Unit": "GPU-hour", "Meter": "gpu-time", "Amount": {"Amount": 1.60, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Number": 2, "Adjusts": null, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "edited-ledger@2026-01-01T00:00Z", "MeterQuantity": 2400, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": {"Amount": 2.40, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "GPU time H100/on-demand"}], "Total": {"Amount": 1.95, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "DueDate": "2026-02-19", "TaxRate": 0.19, "Trigger": 1, "CausedBy": {"Id": "alice@finance", "Kind": 0}, "Customer": {"Name": "edited-ledger Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "edited-ledger-issuer", "Subtotal": {"Amount": 1.64, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "TenantId": "edited-ledger", "InvoiceId": "edited-ledger@2026-01-01", "IssueDate": "2026-01-20", "OccurredAt": "2026-01-20T00:00:00+00:00", "InvoiceNumber": "INV-edited-ledger-issuer-000001", "Reconciliation": {"RatedGpuSeconds": 2400, "LedgerGpuSeconds": 2400, "InvoicedGpuSeconds": null, "RatedBillableGpuSeconds": 2400, "InvoicedBillableGpuSeconds": 2400}}', NULL, 'invoice_finalized', '2026-12-06 21:53:56.903328+00', '*DEFAULT*', 'Invoicing.Invoices.InvoiceFinalized, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (20, 'b0a03f8c-e2f2-4e21-80fc-73cb8a86d0a3', 'edited-ledger@2026-02-01', 1, '{"Hash": "71cc1b7e75d3fb24d6ddf8e99da2f4ab846c3abf1e34a03e077a4ecee4b491b8", "Period": {"End": "2026-03-01T00:00:00+00:00", "Start": "2026-02-01T00:00:00+00:00", "LocalEnd": "2026-03-01", "LocalStart": "2026-02-01"}, "CausedBy": {"Id": "alice@finance", "Kind": 0}, "Currency": {"Code": "USD", "MinorUnits": 2}, "TenantId": "edited-ledger", "InvoiceId": "edited-ledger@2026-02-01", "OccurredAt": "2026-01-20T00:00:00+00:00", "TimeZoneId": "UTC"}', NULL, 'invoice_draft_opened', '2026-12-06 21:53:56.903346+00', '*DEFAULT*', 'Invoicing.Invoices.InvoiceDraftOpened, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (23, '7afc7954-8f99-406d-8c64-da95b45ce91d', 'edited-invoice@2026-01-01', 2, '{"Hash": "1af758891822f0941d189b66570b4dfc74b1a7ad03ea59730af1130fc10b3a34", "Charges": [{"Unit": "GPU-hour", "Meter": "gpu-time", "Amount": {"Amount": 1.60, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "edited-invoice@2026-01-01T00:00Z", "MeterQuantity": 2400, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": {"Amount": 2.40, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "GPU time H100/on-demand"}, {"Unit": "kWh", "Meter": "energy", "Amount": {"Amount": 0.0366666666666666666666666667, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": false}, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "edited-invoice@2026-01-01T00:00Z", "MeterQuantity": 660000, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": {"Amount": 0.20, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "Energy H100/on-demand"}], "CausedBy": {"Id": "alice@finance", "Kind": 0}, "InvoiceId": "edited-invoice@2026-01-01", "OccurredAt": "2026-01-20T00:00:00+00:00", "TotalsVersion": 4, "MeteredGpuSeconds": 2400}', NULL, 'invoice_draft_updated', '2026-12-06 21:53:59.959544+00', '*DEFAULT*', 'Invoicing.Invoices.InvoiceDraftUpdated, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (25, '18fc53ff-4831-4c66-8dfc-e70347ea02ff', 'edited-invoice@2026-02-01', 1, '{"Hash": "f147c939c64e6c105510aae848727e336a969e414d5a0dedf398b3205eb3d287", "Period": {"End": "2026-03-01T00:00:00+00:00", "Start": "2026-02-01T00:00:00+00:00", "LocalEnd": "2026-03-01", "LocalStart": "2026-02-01"}, "CausedBy": {"Id": "alice@finance", "Kind": 0}, "Currency": {"Code": "USD", "MinorUnits": 2}, "TenantId": "edited-invoice", "InvoiceId": "edited-invoice@2026-02-01", "OccurredAt": "2026-01-20T00:00:00+00:00", "TimeZoneId": "UTC"}', NULL, 'invoice_draft_opened', '2026-12-06 21:53:59.959553+00', '*DEFAULT*', 'Invoicing.Invoices.InvoiceDraftOpened, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (24, '1bca4a84-edd1-4074-8147-a4c0703ffd19', 'edited-invoice@2026-01-01', 3, '{"Tax": {"Amount": 0.31, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Hash": "c5d030362ec93afb1ea40e14ac06c9212b9c49b7202e74b91a3b083870b1369c", "Lines": [{"Unit": "kWh", "Meter": "energy", "Amount": {"Amount": 0.04, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Number": 1, "Adjusts": null, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "edited-invoice@2026-01-01T00:00Z", "MeterQuantity": 660000, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": {"Amount": 0.20, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "Energy H100/on-demand"}, {"Unit": "GPU-hour", "Meter": "gpu-time", "Amount": {"Amount": 9.99, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Number": 2, "Adjusts": null, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "edited-invoice@2026-01-01T00:00Z", "MeterQuantity": 2400, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": {"Amount": 2.40, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "GPU time H100/on-demand"}], "Total": {"Amount": 1.95, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "DueDate": "2026-02-19", "TaxRate": 0.19, "Trigger": 1, "CausedBy": {"Id": "alice@finance", "Kind": 0}, "Customer": {"Name": "edited-invoice Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "edited-invoice-issuer", "Subtotal": {"Amount": 1.64, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "TenantId": "edited-invoice", "InvoiceId": "edited-invoice@2026-01-01", "IssueDate": "2026-01-20", "OccurredAt": "2026-01-20T00:00:00+00:00", "InvoiceNumber": "INV-edited-invoice-issuer-000001", "Reconciliation": {"RatedGpuSeconds": 2400, "LedgerGpuSeconds": 2400, "InvoicedGpuSeconds": null, "RatedBillableGpuSeconds": 2400, "InvoicedBillableGpuSeconds": 2400}}', NULL, 'invoice_finalized', '2026-12-06 21:53:59.959544+00', '*DEFAULT*', 'Invoicing.Invoices.InvoiceFinalized, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (31, '207c73e6-a3a6-4cbf-a160-10e020c28c0a', 'lost-ledger-event', 1, '{"Hash": "73d7f436178f3e42dcff03fcd17ecda2304ec7764c0a8f2f121750c5110d4653", "Account": {"Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "TaxRate": 0.19, "Customer": {"Name": "lost-ledger-event Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "lost-ledger-event-issuer", "TenantId": "lost-ledger-event", "AnchorDay": 1, "RateCardId": "rc-audit", "TimeZoneId": "UTC", "GracePeriod": "00:00:00", "CurrencyCode": "USD", "PaymentTermsDays": 30}, "CausedBy": {"Id": "alice@finance", "Kind": 0}, "TenantId": "lost-ledger-event", "OccurredAt": "2026-01-20T00:00:00+00:00"}', NULL, 'billing_account_opened', '2026-12-06 21:54:01.947533+00', '*DEFAULT*', 'Invoicing.BillingAccounts.BillingAccountOpened, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (32, 'ebfabb5d-0c31-46ca-bd43-db93169abe6b', 'lost-ledger-event@2026-01-01', 1, '{"Hash": "2957a13761da457b0038cabcf1e04ecebea701e537b5fe306197dcf0bc1c61cb", "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "CausedBy": {"Id": "invoicing", "Kind": 1}, "Currency": {"Code": "USD", "MinorUnits": 2}, "TenantId": "lost-ledger-event", "InvoiceId": "lost-ledger-event@2026-01-01", "OccurredAt": "2026-01-20T00:00:00+00:00", "TimeZoneId": "UTC"}', NULL, 'invoice_draft_opened', '2026-12-06 21:54:02.777347+00', '*DEFAULT*', 'Invoicing.Invoices.InvoiceDraftOpened, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (29, 'a163d263-853a-4221-9e8f-64e18381ef9c', 'edited-accrual@2026-01-01', 3, '{"Tax": {"Amount": 0.31, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Hash": "018646983c4cdeaea7bc8a552c3d4407fe0aa05be0542f06af367f74d91dd4b2", "Lines": [{"Unit": "kWh", "Meter": "energy", "Amount": {"Amount": 0.04, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Number": 1, "Adjusts": null, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "edited-accrual@2026-01-01T00:00Z", "MeterQuantity": 660000, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": {"Amount": 0.20, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "Energy H100/on-demand"}, {"Unit": "GPU-hour", "Meter": "gpu-time", "Amount": {"Amount": 1.60, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Number": 2, "Adjusts": null, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "edited-accrual@2026-01-01T00:00Z", "MeterQuantity": 2400, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": {"Amount": 2.40, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "GPU time H100/on-demand"}], "Total": {"Amount": 1.95, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "DueDate": "2026-02-19", "TaxRate": 0.19, "Trigger": 1, "CausedBy": {"Id": "alice@finance", "Kind": 0}, "Customer": {"Name": "edited-accrual Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "edited-accrual-issuer", "Subtotal": {"Amount": 1.64, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "TenantId": "edited-accrual", "InvoiceId": "edited-accrual@2026-01-01", "IssueDate": "2026-01-20", "OccurredAt": "2026-01-20T00:00:00+00:00", "InvoiceNumber": "INV-edited-accrual-issuer-000001", "Reconciliation": {"RatedGpuSeconds": 2400, "LedgerGpuSeconds": 2400, "InvoicedGpuSeconds": null, "RatedBillableGpuSeconds": 2400, "InvoicedBillableGpuSeconds": 2400}}', NULL, 'invoice_finalized', '2026-12-06 21:54:01.896212+00', '*DEFAULT*', 'Invoicing.Invoices.InvoiceFinalized, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (30, 'b3c8d298-5dbd-447e-81ca-55ab7219bcd1', 'edited-accrual@2026-02-01', 1, '{"Hash": "3c158b7a60095b81ce6bd0613a95bc55bef247fc6e74d73b7e4d52ce92f06b7c", "Period": {"End": "2026-03-01T00:00:00+00:00", "Start": "2026-02-01T00:00:00+00:00", "LocalEnd": "2026-03-01", "LocalStart": "2026-02-01"}, "CausedBy": {"Id": "alice@finance", "Kind": 0}, "Currency": {"Code": "USD", "MinorUnits": 2}, "TenantId": "edited-accrual", "InvoiceId": "edited-accrual@2026-02-01", "OccurredAt": "2026-01-20T00:00:00+00:00", "TimeZoneId": "UTC"}', NULL, 'invoice_draft_opened', '2026-12-06 21:54:01.89622+00', '*DEFAULT*', 'Invoicing.Invoices.InvoiceDraftOpened, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (33, 'b5a52d95-1a7c-4570-a3da-189cb34080a2', 'lost-ledger-event@2026-01-01', 2, '{"Hash": "403b8d040a35d41cac5e93d1bc4fdc33048162782ea314ca01008cb898663373", "Charges": [{"Unit": "GPU-hour", "Meter": "gpu-time", "Amount": {"Amount": 1.60, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "lost-ledger-event@2026-01-01T00:00Z", "MeterQuantity": 2400, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": {"Amount": 2.40, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "GPU time H100/on-demand"}, {"Unit": "kWh", "Meter": "energy", "Amount": {"Amount": 0.0366666666666666666666666667, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": false}, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "lost-ledger-event@2026-01-01T00:00Z", "MeterQuantity": 660000, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": {"Amount": 0.20, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "Energy H100/on-demand"}], "CausedBy": {"Id": "alice@finance", "Kind": 0}, "InvoiceId": "lost-ledger-event@2026-01-01", "OccurredAt": "2026-01-20T00:00:00+00:00", "TotalsVersion": 4, "MeteredGpuSeconds": 2400}', NULL, 'invoice_draft_updated', '2026-12-06 21:54:05.817572+00', '*DEFAULT*', 'Invoicing.Invoices.InvoiceDraftUpdated, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (34, 'e2c302b1-c082-41e5-b0ec-b2c2e9d53038', 'lost-ledger-event@2026-01-01', 3, '{"Tax": {"Amount": 0.31, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Hash": "10e6326d12d9b0a6f13e9ac570de3c9230eac42f6d246a0819b1dfb018fd957e", "Lines": [{"Unit": "kWh", "Meter": "energy", "Amount": {"Amount": 0.04, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Number": 1, "Adjusts": null, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "lost-ledger-event@2026-01-01T00:00Z", "MeterQuantity": 660000, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.1833333333333333333333333333, "UnitPrice": {"Amount": 0.20, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "Energy H100/on-demand"}, {"Unit": "GPU-hour", "Meter": "gpu-time", "Amount": {"Amount": 1.60, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Number": 2, "Adjusts": null, "Lineage": {"Usage": [], "GpuModel": "H100", "RateCardId": "rc-audit", "AccrualStream": "lost-ledger-event@2026-01-01T00:00Z", "MeterQuantity": 2400, "TotalsVersion": 4, "RateCardVersion": 1}, "PriceKey": "H100/on-demand", "Quantity": 0.6666666666666666666666666667, "UnitPrice": {"Amount": 2.40, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Description": "GPU time H100/on-demand"}], "Total": {"Amount": 1.95, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "Issuer": {"Name": "GPU Cloud Inc.", "TaxId": "US-12-3456789", "Address": {"City": "Wilmington", "Lines": ["1 Compute Way"], "Region": "DE", "PostalCode": "19801", "CountryCode": "US"}}, "Period": {"End": "2026-02-01T00:00:00+00:00", "Start": "2026-01-01T00:00:00+00:00", "LocalEnd": "2026-02-01", "LocalStart": "2026-01-01"}, "DueDate": "2026-02-19", "TaxRate": 0.19, "Trigger": 1, "CausedBy": {"Id": "alice@finance", "Kind": 0}, "Customer": {"Name": "lost-ledger-event Research LLC", "TaxId": null, "Address": {"City": "Boston", "Lines": ["500 Lab Road"], "Region": "MA", "PostalCode": "02110", "CountryCode": "US"}}, "IssuerId": "lost-ledger-event-issuer", "Subtotal": {"Amount": 1.64, "Currency": {"Code": "USD", "MinorUnits": 2}, "IsRounded": true}, "TenantId": "lost-ledger-event", "InvoiceId": "lost-ledger-event@2026-01-01", "IssueDate": "2026-01-20", "OccurredAt": "2026-01-20T00:00:00+00:00", "InvoiceNumber": "INV-lost-ledger-event-issuer-000001", "Reconciliation": {"RatedGpuSeconds": 2400, "LedgerGpuSeconds": 2400, "InvoicedGpuSeconds": null, "RatedBillableGpuSeconds": 2400, "InvoicedBillableGpuSeconds": 2400}}', NULL, 'invoice_finalized', '2026-12-06 21:54:05.817572+00', '*DEFAULT*', 'Invoicing.Invoices.InvoiceFinalized, Invoicing', false);
INSERT INTO invoicing.mt_events VALUES (35, '457f7e11-6ced-402c-a780-42435f19b288', 'lost-ledger-event@2026-02-01', 1, '{"Hash": "1e7351729f6fed038f7329c0cfd0d2d2efac0bcb48776e8de7282171661fb4e6", "Period": {"End": "2026-03-01T00:00:00+00:00", "Start": "2026-02-01T00:00:00+00:00", "LocalEnd": "2026-03-01", "LocalStart": "2026-02-01"}, "CausedBy": {"Id": "alice@finance", "Kind": 0}, "Currency": {"Code": "USD", "MinorUnits": 2}, "TenantId": "lost-ledger-event", "InvoiceId": "lost-ledger-event@2026-02-01", "OccurredAt": "2026-01-20T00:00:00+00:00", "TimeZoneId": "UTC"}', NULL, 'invoice_draft_opened', '2026-12-06 21:54:05.81758+00', '*DEFAULT*', 'Invoicing.Invoices.InvoiceDraftOpened, Invoicing', false);


--
-- Data for Name: mt_high_water_skips; Type: TABLE DATA; Schema: invoicing; Owner: -
--



--
-- Data for Name: mt_streams; Type: TABLE DATA; Schema: invoicing; Owner: -
--

INSERT INTO invoicing.mt_streams VALUES ('untouched', 'billing_account_state', 1, '2026-12-06 21:53:41.408853+00', '2026-12-06 21:53:41.408853+00', '*DEFAULT*', 0, false);
INSERT INTO invoicing.mt_streams VALUES ('untouched@2026-01-01', 'invoice', 3, '2026-12-06 21:53:44.633429+00', '2026-12-06 21:53:42.676104+00', '*DEFAULT*', 0, false);
INSERT INTO invoicing.mt_streams VALUES ('untouched@2026-02-01', 'invoice', 1, '2026-12-06 21:53:44.633429+00', '2026-12-06 21:53:44.633429+00', '*DEFAULT*', 0, false);
INSERT INTO invoicing.mt_streams VALUES ('edited-rate-card', 'billing_account_state', 1, '2026-12-06 21:53:45.061252+00', '2026-12-06 21:53:45.061252+00', '*DEFAULT*', 0, false);
INSERT INTO invoicing.mt_streams VALUES ('edited-rate-card@2026-01-01', 'invoice', 3, '2026-12-06 21:53:48.806986+00', '2026-12-06 21:53:46.619017+00', '*DEFAULT*', 0, false);
INSERT INTO invoicing.mt_streams VALUES ('edited-rate-card@2026-02-01', 'invoice', 1, '2026-12-06 21:53:48.806986+00', '2026-12-06 21:53:48.806986+00', '*DEFAULT*', 0, false);
INSERT INTO invoicing.mt_streams VALUES ('reattributed-accrual', 'billing_account_state', 1, '2026-12-06 21:53:48.973699+00', '2026-12-06 21:53:48.973699+00', '*DEFAULT*', 0, false);
INSERT INTO invoicing.mt_streams VALUES ('reattributed-accrual@2026-01-01', 'invoice', 3, '2026-12-06 21:53:52.879182+00', '2026-12-06 21:53:50.642106+00', '*DEFAULT*', 0, false);
INSERT INTO invoicing.mt_streams VALUES ('reattributed-accrual@2026-02-01', 'invoice', 1, '2026-12-06 21:53:52.879182+00', '2026-12-06 21:53:52.879182+00', '*DEFAULT*', 0, false);
INSERT INTO invoicing.mt_streams VALUES ('edited-ledger', 'billing_account_state', 1, '2026-12-06 21:53:53.212905+00', '2026-12-06 21:53:53.212905+00', '*DEFAULT*', 0, false);
INSERT INTO invoicing.mt_streams VALUES ('edited-ledger@2026-01-01', 'invoice', 3, '2026-12-06 21:53:56.899077+00', '2026-12-06 21:53:54.700852+00', '*DEFAULT*', 0, false);
INSERT INTO invoicing.mt_streams VALUES ('edited-ledger@2026-02-01', 'invoice', 1, '2026-12-06 21:53:56.899077+00', '2026-12-06 21:53:56.899077+00', '*DEFAULT*', 0, false);
INSERT INTO invoicing.mt_streams VALUES ('edited-invoice', 'billing_account_state', 1, '2026-12-06 21:53:57.002725+00', '2026-12-06 21:53:57.002725+00', '*DEFAULT*', 0, false);
INSERT INTO invoicing.mt_streams VALUES ('edited-invoice@2026-01-01', 'invoice', 3, '2026-12-06 21:53:59.938926+00', '2026-12-06 21:53:57.722512+00', '*DEFAULT*', 0, false);
INSERT INTO invoicing.mt_streams VALUES ('edited-invoice@2026-02-01', 'invoice', 1, '2026-12-06 21:53:59.938926+00', '2026-12-06 21:53:59.938926+00', '*DEFAULT*', 0, false);
INSERT INTO invoicing.mt_streams VALUES ('edited-accrual', 'billing_account_state', 1, '2026-12-06 21:54:00.020345+00', '2026-12-06 21:54:00.020345+00', '*DEFAULT*', 0, false);
INSERT INTO invoicing.mt_streams VALUES ('edited-accrual@2026-01-01', 'invoice', 3, '2026-12-06 21:54:01.887855+00', '2026-12-06 21:54:00.759042+00', '*DEFAULT*', 0, false);
INSERT INTO invoicing.mt_streams VALUES ('edited-accrual@2026-02-01', 'invoice', 1, '2026-12-06 21:54:01.887855+00', '2026-12-06 21:54:01.887855+00', '*DEFAULT*', 0, false);
INSERT INTO invoicing.mt_streams VALUES ('lost-ledger-event', 'billing_account_state', 1, '2026-12-06 21:54:01.94801+00', '2026-12-06 21:54:01.94801+00', '*DEFAULT*', 0, false);
INSERT INTO invoicing.mt_streams VALUES ('lost-ledger-event@2026-01-01', 'invoice', 3, '2026-12-06 21:54:05.813078+00', '2026-12-06 21:54:02.774764+00', '*DEFAULT*', 0, false);
INSERT INTO invoicing.mt_streams VALUES ('lost-ledger-event@2026-02-01', 'invoice', 1, '2026-12-06 21:54:05.813078+00', '2026-12-06 21:54:05.813078+00', '*DEFAULT*', 0, false);


--
-- Data for Name: intake; Type: TABLE DATA; Schema: metering; Owner: -
--



--
-- Data for Name: mt_doc_accessgrant; Type: TABLE DATA; Schema: metering; Owner: -
--



--
-- Data for Name: mt_doc_apikey; Type: TABLE DATA; Schema: metering; Owner: -
--



--
-- Data for Name: mt_doc_deadletterevent; Type: TABLE DATA; Schema: metering; Owner: -
--



--
-- Data for Name: mt_doc_nodehourledger; Type: TABLE DATA; Schema: metering; Owner: -
--

INSERT INTO metering.mt_doc_nodehourledger VALUES ('untouched-node@2026-01-10T10Z', '{"Id": "untouched-node@2026-01-10T10Z", "Seen": "0-599", "LastHash": "d4143c7fbb73a23a318761407d041d4f6a16a5e83feeff6c6decaf203e9b7099"}', '2026-12-06 21:53:43.345159+00', 'Metering.Ledger.NodeHourLedger', 1);
INSERT INTO metering.mt_doc_nodehourledger VALUES ('untouched-node@2026-01-10T11Z', '{"Id": "untouched-node@2026-01-10T11Z", "Seen": "0-299", "LastHash": "89a149140feddb9fdc8ae610fc0124096b65b4f6c631375c82b77ffb366f9fb4"}', '2026-12-06 21:53:43.345159+00', 'Metering.Ledger.NodeHourLedger', 1);
INSERT INTO metering.mt_doc_nodehourledger VALUES ('untouched-node@2026-01-11T09Z', '{"Id": "untouched-node@2026-01-11T09Z", "Seen": "0-899", "LastHash": "3b4e98f49f248fdb4b5ea738ca2ec87e00f3fabe3af10d639f4e1eabd22f26e0"}', '2026-12-06 21:53:43.345159+00', 'Metering.Ledger.NodeHourLedger', 1);
INSERT INTO metering.mt_doc_nodehourledger VALUES ('edited-rate-card-node@2026-01-10T10Z', '{"Id": "edited-rate-card-node@2026-01-10T10Z", "Seen": "0-599", "LastHash": "03e6cbed12929491cba33ca7d475cefac344dffdb0e51b058603adb068494b6c"}', '2026-12-06 21:53:46.903786+00', 'Metering.Ledger.NodeHourLedger', 1);
INSERT INTO metering.mt_doc_nodehourledger VALUES ('edited-rate-card-node@2026-01-10T11Z', '{"Id": "edited-rate-card-node@2026-01-10T11Z", "Seen": "0-299", "LastHash": "76ef28a8790eaf7e003e4fe26c2b98c05a1b390ef8657932c9e6ea6004f429aa"}', '2026-12-06 21:53:46.903786+00', 'Metering.Ledger.NodeHourLedger', 1);
INSERT INTO metering.mt_doc_nodehourledger VALUES ('edited-rate-card-node@2026-01-11T09Z', '{"Id": "edited-rate-card-node@2026-01-11T09Z", "Seen": "0-899", "LastHash": "ba7a55b3884e088af7a926e619dbb6b092c0ad3c33332832265ba3aa404a84ba"}', '2026-12-06 21:53:46.903786+00', 'Metering.Ledger.NodeHourLedger', 1);
INSERT INTO metering.mt_doc_nodehourledger VALUES ('reattributed-accrual-node@2026-01-10T10Z', '{"Id": "reattributed-accrual-node@2026-01-10T10Z", "Seen": "0-599", "LastHash": "069d0a8ecc6b84a5ba858fd9ffb16eefc8b8609d6c5e549d8e23f64af1f8b263"}', '2026-12-06 21:53:50.684299+00', 'Metering.Ledger.NodeHourLedger', 1);
INSERT INTO metering.mt_doc_nodehourledger VALUES ('reattributed-accrual-node@2026-01-10T11Z', '{"Id": "reattributed-accrual-node@2026-01-10T11Z", "Seen": "0-299", "LastHash": "ac8fbff0ed98835eb52bf751719aff3360a7ccdc1739013f495ecc53b93f97dd"}', '2026-12-06 21:53:50.684299+00', 'Metering.Ledger.NodeHourLedger', 1);
INSERT INTO metering.mt_doc_nodehourledger VALUES ('reattributed-accrual-node@2026-01-11T09Z', '{"Id": "reattributed-accrual-node@2026-01-11T09Z", "Seen": "0-899", "LastHash": "2489038953adfb764dd39146be07a086085889384679f3c70d106d21022a9364"}', '2026-12-06 21:53:50.684299+00', 'Metering.Ledger.NodeHourLedger', 1);
INSERT INTO metering.mt_doc_nodehourledger VALUES ('edited-ledger-node@2026-01-10T10Z', '{"Id": "edited-ledger-node@2026-01-10T10Z", "Seen": "0-599", "LastHash": "3d4509387d6812ed50b92c90d40c609b61a53feb023d4d0d262b302042cb7203"}', '2026-12-06 21:53:54.607104+00', 'Metering.Ledger.NodeHourLedger', 1);
INSERT INTO metering.mt_doc_nodehourledger VALUES ('edited-ledger-node@2026-01-10T11Z', '{"Id": "edited-ledger-node@2026-01-10T11Z", "Seen": "0-299", "LastHash": "d39a469492255855b10a310ba24a3e4be0faacaa36f13ec7f419b9937f0cc94b"}', '2026-12-06 21:53:54.607104+00', 'Metering.Ledger.NodeHourLedger', 1);
INSERT INTO metering.mt_doc_nodehourledger VALUES ('edited-ledger-node@2026-01-11T09Z', '{"Id": "edited-ledger-node@2026-01-11T09Z", "Seen": "0-899", "LastHash": "5a5a71c0477b897bce6e3a6e38e63ed9c500894d7138ff288a073b6c176deca2"}', '2026-12-06 21:53:54.607104+00', 'Metering.Ledger.NodeHourLedger', 1);
INSERT INTO metering.mt_doc_nodehourledger VALUES ('edited-invoice-node@2026-01-10T10Z', '{"Id": "edited-invoice-node@2026-01-10T10Z", "Seen": "0-599", "LastHash": "719dea9e6473d493bf7d44075f6f81cedd6294a259e96836102bd4ae893903c1"}', '2026-12-06 21:53:57.755925+00', 'Metering.Ledger.NodeHourLedger', 1);
INSERT INTO metering.mt_doc_nodehourledger VALUES ('edited-invoice-node@2026-01-10T11Z', '{"Id": "edited-invoice-node@2026-01-10T11Z", "Seen": "0-299", "LastHash": "52b0ff2263a987229b6578daad3856a610fa59acb72c800abed7f3e51cc3936e"}', '2026-12-06 21:53:57.755925+00', 'Metering.Ledger.NodeHourLedger', 1);
INSERT INTO metering.mt_doc_nodehourledger VALUES ('edited-invoice-node@2026-01-11T09Z', '{"Id": "edited-invoice-node@2026-01-11T09Z", "Seen": "0-899", "LastHash": "3a3e7b1ca78c5f3d3779e4798e6c9676cbdffab8488c57a199b5253b9dd30f85"}', '2026-12-06 21:53:57.755925+00', 'Metering.Ledger.NodeHourLedger', 1);
INSERT INTO metering.mt_doc_nodehourledger VALUES ('edited-accrual-node@2026-01-10T10Z', '{"Id": "edited-accrual-node@2026-01-10T10Z", "Seen": "0-599", "LastHash": "c5357684b4cdda1d44886d9de7e2e6c2a24b217be2f019a28fa3275edfd38a98"}', '2026-12-06 21:54:00.640045+00', 'Metering.Ledger.NodeHourLedger', 1);
INSERT INTO metering.mt_doc_nodehourledger VALUES ('edited-accrual-node@2026-01-10T11Z', '{"Id": "edited-accrual-node@2026-01-10T11Z", "Seen": "0-299", "LastHash": "69d1648aa796ee8b16db36f0bf76a2e24de80c1c1248c359de29969d30bc26e5"}', '2026-12-06 21:54:00.640045+00', 'Metering.Ledger.NodeHourLedger', 1);
INSERT INTO metering.mt_doc_nodehourledger VALUES ('edited-accrual-node@2026-01-11T09Z', '{"Id": "edited-accrual-node@2026-01-11T09Z", "Seen": "0-899", "LastHash": "99d9e3c93c010a59ca3a3bcf8bec67f8e035cf4d600087a3a7259c3c2066608d"}', '2026-12-06 21:54:00.640045+00', 'Metering.Ledger.NodeHourLedger', 1);
INSERT INTO metering.mt_doc_nodehourledger VALUES ('lost-ledger-event-node@2026-01-10T10Z', '{"Id": "lost-ledger-event-node@2026-01-10T10Z", "Seen": "0-599", "LastHash": "ca679bb9569d40b396bc49429dd03607a30f90f6fa74b961801e169c77b3ff85"}', '2026-12-06 21:54:02.620989+00', 'Metering.Ledger.NodeHourLedger', 1);
INSERT INTO metering.mt_doc_nodehourledger VALUES ('lost-ledger-event-node@2026-01-10T11Z', '{"Id": "lost-ledger-event-node@2026-01-10T11Z", "Seen": "0-299", "LastHash": "2531d3768804f1aaf448c83b7d5642ace33505844526ff3a4a620f8dd4fbf790"}', '2026-12-06 21:54:02.620989+00', 'Metering.Ledger.NodeHourLedger', 1);
INSERT INTO metering.mt_doc_nodehourledger VALUES ('lost-ledger-event-node@2026-01-11T09Z', '{"Id": "lost-ledger-event-node@2026-01-11T09Z", "Seen": "0-899", "LastHash": "6b69713470e75c3ccb0229c1bf76aa51a75f38e690f8a3ed54cbb8282fedfb02"}', '2026-12-06 21:54:02.620989+00', 'Metering.Ledger.NodeHourLedger', 1);


--
-- Data for Name: mt_event_progression; Type: TABLE DATA; Schema: metering; Owner: -
--

INSERT INTO metering.mt_event_progression VALUES ('usage-recorded-publisher:All', 21, '2026-12-06 21:54:02.756574+00', 'none', 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO metering.mt_event_progression VALUES ('HighWaterAllocationFence', 21, '2026-12-06 21:54:05.781668+00', 'none', 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO metering.mt_event_progression VALUES ('HighWaterMark', 21, '2026-12-06 21:54:05.783734+00', 'none', 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);


--
-- Data for Name: mt_event_projection_floors; Type: TABLE DATA; Schema: metering; Owner: -
--



--
-- Data for Name: mt_events; Type: TABLE DATA; Schema: metering; Owner: -
--

INSERT INTO metering.mt_events VALUES (1, '15df73be-1f7c-4426-bbcd-8a8ba0aa9d46', 'untouched-node@2026-01-10T10Z', 1, '{"Gpus": [{"Sums": {"PowerJoules": 180000, "PowerSamples": 600, "MemorySamples": 600, "MemoryMiBSeconds": 36000000, "UtilizationSamples": 600, "LastEnergyMillijoules": null, "FirstEnergyMillijoules": null, "UtilizationPercentSeconds": 54000}, "Model": "H100", "GpuUuid": "GPU-untouched-0", "Seconds": "0-599", "TenantId": "untouched", "MigProfile": null, "WorkloadId": "job-1", "AllocationClass": "on-demand"}, {"Sums": {"PowerJoules": 120000, "PowerSamples": 600, "MemorySamples": 600, "MemoryMiBSeconds": 36000000, "UtilizationSamples": 600, "LastEnergyMillijoules": null, "FirstEnergyMillijoules": null, "UtilizationPercentSeconds": 54000}, "Model": "H100", "GpuUuid": "GPU-untouched-1", "Seconds": "0-599", "TenantId": "untouched", "MigProfile": null, "WorkloadId": "job-2", "AllocationClass": "on-demand"}], "Hash": "d4143c7fbb73a23a318761407d041d4f6a16a5e83feeff6c6decaf203e9b7099", "Hour": "2026-01-10T10:00:00+00:00", "NodeId": "untouched-node", "Seconds": "0-599", "Sequences": "0-599", "RecordedAt": "2026-02-01T00:00:00+00:00", "RecordedBy": "service:metering-sealer@vm"}', NULL, 'node_usage_recorded', '2026-12-06 21:53:43.402704+00', '*DEFAULT*', 'Metering.Ledger.NodeUsageRecorded, Metering', false);
INSERT INTO metering.mt_events VALUES (2, 'f1258134-5f53-48d0-add0-f7a5352179d8', 'untouched-node@2026-01-10T11Z', 1, '{"Gpus": [{"Sums": {"PowerJoules": 90000, "PowerSamples": 300, "MemorySamples": 300, "MemoryMiBSeconds": 18000000, "UtilizationSamples": 300, "LastEnergyMillijoules": null, "FirstEnergyMillijoules": null, "UtilizationPercentSeconds": 27000}, "Model": "H100", "GpuUuid": "GPU-untouched-0", "Seconds": "0-299", "TenantId": "untouched", "MigProfile": null, "WorkloadId": "job-1", "AllocationClass": "on-demand"}, {"Sums": {"PowerJoules": 60000, "PowerSamples": 300, "MemorySamples": 300, "MemoryMiBSeconds": 18000000, "UtilizationSamples": 300, "LastEnergyMillijoules": null, "FirstEnergyMillijoules": null, "UtilizationPercentSeconds": 27000}, "Model": "H100", "GpuUuid": "GPU-untouched-1", "Seconds": "0-299", "TenantId": null, "MigProfile": null, "WorkloadId": null, "AllocationClass": null}], "Hash": "89a149140feddb9fdc8ae610fc0124096b65b4f6c631375c82b77ffb366f9fb4", "Hour": "2026-01-10T11:00:00+00:00", "NodeId": "untouched-node", "Seconds": "0-299", "Sequences": "3600-3899", "RecordedAt": "2026-02-01T00:00:00+00:00", "RecordedBy": "service:metering-sealer@vm"}', NULL, 'node_usage_recorded', '2026-12-06 21:53:43.402736+00', '*DEFAULT*', 'Metering.Ledger.NodeUsageRecorded, Metering', false);
INSERT INTO metering.mt_events VALUES (3, 'bd7e10b1-5a3c-4efc-95b9-581c722abd42', 'untouched-node@2026-01-11T09Z', 1, '{"Gpus": [{"Sums": {"PowerJoules": 270000, "PowerSamples": 900, "MemorySamples": 900, "MemoryMiBSeconds": 54000000, "UtilizationSamples": 900, "LastEnergyMillijoules": null, "FirstEnergyMillijoules": null, "UtilizationPercentSeconds": 81000}, "Model": "H100", "GpuUuid": "GPU-untouched-0", "Seconds": "0-899", "TenantId": "untouched", "MigProfile": null, "WorkloadId": "job-1", "AllocationClass": "on-demand"}], "Hash": "3b4e98f49f248fdb4b5ea738ca2ec87e00f3fabe3af10d639f4e1eabd22f26e0", "Hour": "2026-01-11T09:00:00+00:00", "NodeId": "untouched-node", "Seconds": "0-899", "Sequences": "82800-83699", "RecordedAt": "2026-02-01T00:00:00+00:00", "RecordedBy": "service:metering-sealer@vm"}', NULL, 'node_usage_recorded', '2026-12-06 21:53:43.402738+00', '*DEFAULT*', 'Metering.Ledger.NodeUsageRecorded, Metering', false);
INSERT INTO metering.mt_events VALUES (4, 'e20cec4f-2934-4262-9c57-97e0be116506', 'edited-rate-card-node@2026-01-10T10Z', 1, '{"Gpus": [{"Sums": {"PowerJoules": 180000, "PowerSamples": 600, "MemorySamples": 600, "MemoryMiBSeconds": 36000000, "UtilizationSamples": 600, "LastEnergyMillijoules": null, "FirstEnergyMillijoules": null, "UtilizationPercentSeconds": 54000}, "Model": "H100", "GpuUuid": "GPU-edited-rate-card-0", "Seconds": "0-599", "TenantId": "edited-rate-card", "MigProfile": null, "WorkloadId": "job-1", "AllocationClass": "on-demand"}, {"Sums": {"PowerJoules": 120000, "PowerSamples": 600, "MemorySamples": 600, "MemoryMiBSeconds": 36000000, "UtilizationSamples": 600, "LastEnergyMillijoules": null, "FirstEnergyMillijoules": null, "UtilizationPercentSeconds": 54000}, "Model": "H100", "GpuUuid": "GPU-edited-rate-card-1", "Seconds": "0-599", "TenantId": "edited-rate-card", "MigProfile": null, "WorkloadId": "job-2", "AllocationClass": "on-demand"}], "Hash": "03e6cbed12929491cba33ca7d475cefac344dffdb0e51b058603adb068494b6c", "Hour": "2026-01-10T10:00:00+00:00", "NodeId": "edited-rate-card-node", "Seconds": "0-599", "Sequences": "0-599", "RecordedAt": "2026-02-01T00:00:00+00:00", "RecordedBy": "service:metering-sealer@vm"}', NULL, 'node_usage_recorded', '2026-12-06 21:53:46.988936+00', '*DEFAULT*', 'Metering.Ledger.NodeUsageRecorded, Metering', false);
INSERT INTO metering.mt_events VALUES (5, 'd676fa36-7336-46fd-a247-4580cbd42baa', 'edited-rate-card-node@2026-01-10T11Z', 1, '{"Gpus": [{"Sums": {"PowerJoules": 90000, "PowerSamples": 300, "MemorySamples": 300, "MemoryMiBSeconds": 18000000, "UtilizationSamples": 300, "LastEnergyMillijoules": null, "FirstEnergyMillijoules": null, "UtilizationPercentSeconds": 27000}, "Model": "H100", "GpuUuid": "GPU-edited-rate-card-0", "Seconds": "0-299", "TenantId": "edited-rate-card", "MigProfile": null, "WorkloadId": "job-1", "AllocationClass": "on-demand"}, {"Sums": {"PowerJoules": 60000, "PowerSamples": 300, "MemorySamples": 300, "MemoryMiBSeconds": 18000000, "UtilizationSamples": 300, "LastEnergyMillijoules": null, "FirstEnergyMillijoules": null, "UtilizationPercentSeconds": 27000}, "Model": "H100", "GpuUuid": "GPU-edited-rate-card-1", "Seconds": "0-299", "TenantId": null, "MigProfile": null, "WorkloadId": null, "AllocationClass": null}], "Hash": "76ef28a8790eaf7e003e4fe26c2b98c05a1b390ef8657932c9e6ea6004f429aa", "Hour": "2026-01-10T11:00:00+00:00", "NodeId": "edited-rate-card-node", "Seconds": "0-299", "Sequences": "3600-3899", "RecordedAt": "2026-02-01T00:00:00+00:00", "RecordedBy": "service:metering-sealer@vm"}', NULL, 'node_usage_recorded', '2026-12-06 21:53:46.988959+00', '*DEFAULT*', 'Metering.Ledger.NodeUsageRecorded, Metering', false);
INSERT INTO metering.mt_events VALUES (6, '2883e4b2-6d83-475f-aca1-0838839bc296', 'edited-rate-card-node@2026-01-11T09Z', 1, '{"Gpus": [{"Sums": {"PowerJoules": 270000, "PowerSamples": 900, "MemorySamples": 900, "MemoryMiBSeconds": 54000000, "UtilizationSamples": 900, "LastEnergyMillijoules": null, "FirstEnergyMillijoules": null, "UtilizationPercentSeconds": 81000}, "Model": "H100", "GpuUuid": "GPU-edited-rate-card-0", "Seconds": "0-899", "TenantId": "edited-rate-card", "MigProfile": null, "WorkloadId": "job-1", "AllocationClass": "on-demand"}], "Hash": "ba7a55b3884e088af7a926e619dbb6b092c0ad3c33332832265ba3aa404a84ba", "Hour": "2026-01-11T09:00:00+00:00", "NodeId": "edited-rate-card-node", "Seconds": "0-899", "Sequences": "82800-83699", "RecordedAt": "2026-02-01T00:00:00+00:00", "RecordedBy": "service:metering-sealer@vm"}', NULL, 'node_usage_recorded', '2026-12-06 21:53:46.988964+00', '*DEFAULT*', 'Metering.Ledger.NodeUsageRecorded, Metering', false);
INSERT INTO metering.mt_events VALUES (7, '6b8883a4-3090-496b-a05f-ce7335612c73', 'reattributed-accrual-node@2026-01-10T10Z', 1, '{"Gpus": [{"Sums": {"PowerJoules": 180000, "PowerSamples": 600, "MemorySamples": 600, "MemoryMiBSeconds": 36000000, "UtilizationSamples": 600, "LastEnergyMillijoules": null, "FirstEnergyMillijoules": null, "UtilizationPercentSeconds": 54000}, "Model": "H100", "GpuUuid": "GPU-reattributed-accrual-0", "Seconds": "0-599", "TenantId": "reattributed-accrual", "MigProfile": null, "WorkloadId": "job-1", "AllocationClass": "on-demand"}, {"Sums": {"PowerJoules": 120000, "PowerSamples": 600, "MemorySamples": 600, "MemoryMiBSeconds": 36000000, "UtilizationSamples": 600, "LastEnergyMillijoules": null, "FirstEnergyMillijoules": null, "UtilizationPercentSeconds": 54000}, "Model": "H100", "GpuUuid": "GPU-reattributed-accrual-1", "Seconds": "0-599", "TenantId": "reattributed-accrual", "MigProfile": null, "WorkloadId": "job-2", "AllocationClass": "on-demand"}], "Hash": "069d0a8ecc6b84a5ba858fd9ffb16eefc8b8609d6c5e549d8e23f64af1f8b263", "Hour": "2026-01-10T10:00:00+00:00", "NodeId": "reattributed-accrual-node", "Seconds": "0-599", "Sequences": "0-599", "RecordedAt": "2026-02-01T00:00:00+00:00", "RecordedBy": "service:metering-sealer@vm"}', NULL, 'node_usage_recorded', '2026-12-06 21:53:50.731492+00', '*DEFAULT*', 'Metering.Ledger.NodeUsageRecorded, Metering', false);
INSERT INTO metering.mt_events VALUES (8, 'd70e8258-fb42-4f77-8da6-1a9ddf84c488', 'reattributed-accrual-node@2026-01-10T11Z', 1, '{"Gpus": [{"Sums": {"PowerJoules": 90000, "PowerSamples": 300, "MemorySamples": 300, "MemoryMiBSeconds": 18000000, "UtilizationSamples": 300, "LastEnergyMillijoules": null, "FirstEnergyMillijoules": null, "UtilizationPercentSeconds": 27000}, "Model": "H100", "GpuUuid": "GPU-reattributed-accrual-0", "Seconds": "0-299", "TenantId": "reattributed-accrual", "MigProfile": null, "WorkloadId": "job-1", "AllocationClass": "on-demand"}, {"Sums": {"PowerJoules": 60000, "PowerSamples": 300, "MemorySamples": 300, "MemoryMiBSeconds": 18000000, "UtilizationSamples": 300, "LastEnergyMillijoules": null, "FirstEnergyMillijoules": null, "UtilizationPercentSeconds": 27000}, "Model": "H100", "GpuUuid": "GPU-reattributed-accrual-1", "Seconds": "0-299", "TenantId": null, "MigProfile": null, "WorkloadId": null, "AllocationClass": null}], "Hash": "ac8fbff0ed98835eb52bf751719aff3360a7ccdc1739013f495ecc53b93f97dd", "Hour": "2026-01-10T11:00:00+00:00", "NodeId": "reattributed-accrual-node", "Seconds": "0-299", "Sequences": "3600-3899", "RecordedAt": "2026-02-01T00:00:00+00:00", "RecordedBy": "service:metering-sealer@vm"}', NULL, 'node_usage_recorded', '2026-12-06 21:53:50.731513+00', '*DEFAULT*', 'Metering.Ledger.NodeUsageRecorded, Metering', false);
INSERT INTO metering.mt_events VALUES (9, 'aa0d65d8-d23e-4660-a108-aab49389807a', 'reattributed-accrual-node@2026-01-11T09Z', 1, '{"Gpus": [{"Sums": {"PowerJoules": 270000, "PowerSamples": 900, "MemorySamples": 900, "MemoryMiBSeconds": 54000000, "UtilizationSamples": 900, "LastEnergyMillijoules": null, "FirstEnergyMillijoules": null, "UtilizationPercentSeconds": 81000}, "Model": "H100", "GpuUuid": "GPU-reattributed-accrual-0", "Seconds": "0-899", "TenantId": "reattributed-accrual", "MigProfile": null, "WorkloadId": "job-1", "AllocationClass": "on-demand"}], "Hash": "2489038953adfb764dd39146be07a086085889384679f3c70d106d21022a9364", "Hour": "2026-01-11T09:00:00+00:00", "NodeId": "reattributed-accrual-node", "Seconds": "0-899", "Sequences": "82800-83699", "RecordedAt": "2026-02-01T00:00:00+00:00", "RecordedBy": "service:metering-sealer@vm"}', NULL, 'node_usage_recorded', '2026-12-06 21:53:50.731515+00', '*DEFAULT*', 'Metering.Ledger.NodeUsageRecorded, Metering', false);
INSERT INTO metering.mt_events VALUES (10, 'df492f0b-204a-45cb-aa82-3df87e997d42', 'edited-ledger-node@2026-01-10T10Z', 1, '{"Gpus": [{"Sums": {"PowerJoules": 180000, "PowerSamples": 600, "MemorySamples": 600, "MemoryMiBSeconds": 36000000, "UtilizationSamples": 600, "LastEnergyMillijoules": null, "FirstEnergyMillijoules": null, "UtilizationPercentSeconds": 54000}, "Model": "H100", "GpuUuid": "GPU-edited-ledger-0", "Seconds": "0-599", "TenantId": "edited-ledger", "MigProfile": null, "WorkloadId": "job-1", "AllocationClass": "on-demand"}, {"Sums": {"PowerJoules": 120000, "PowerSamples": 600, "MemorySamples": 600, "MemoryMiBSeconds": 36000000, "UtilizationSamples": 600, "LastEnergyMillijoules": null, "FirstEnergyMillijoules": null, "UtilizationPercentSeconds": 54000}, "Model": "H100", "GpuUuid": "GPU-edited-ledger-1", "Seconds": "0-599", "TenantId": "edited-ledger", "MigProfile": null, "WorkloadId": "job-2", "AllocationClass": "on-demand"}], "Hash": "3d4509387d6812ed50b92c90d40c609b61a53feb023d4d0d262b302042cb7203", "Hour": "2026-01-10T10:00:00+00:00", "NodeId": "edited-ledger-node", "Seconds": "0-599", "Sequences": "0-599", "RecordedAt": "2026-02-01T00:00:00+00:00", "RecordedBy": "service:metering-sealer@vm"}', NULL, 'node_usage_recorded', '2026-12-06 21:53:54.650456+00', '*DEFAULT*', 'Metering.Ledger.NodeUsageRecorded, Metering', false);
INSERT INTO metering.mt_events VALUES (12, '99db5f8f-8969-46f4-b537-e37279ef48df', 'edited-ledger-node@2026-01-11T09Z', 1, '{"Gpus": [{"Sums": {"PowerJoules": 270000, "PowerSamples": 900, "MemorySamples": 900, "MemoryMiBSeconds": 54000000, "UtilizationSamples": 900, "LastEnergyMillijoules": null, "FirstEnergyMillijoules": null, "UtilizationPercentSeconds": 81000}, "Model": "H100", "GpuUuid": "GPU-edited-ledger-0", "Seconds": "0-899", "TenantId": "edited-ledger", "MigProfile": null, "WorkloadId": "job-1", "AllocationClass": "on-demand"}], "Hash": "5a5a71c0477b897bce6e3a6e38e63ed9c500894d7138ff288a073b6c176deca2", "Hour": "2026-01-11T09:00:00+00:00", "NodeId": "edited-ledger-node", "Seconds": "0-899", "Sequences": "82800-83699", "RecordedAt": "2026-02-01T00:00:00+00:00", "RecordedBy": "service:metering-sealer@vm"}', NULL, 'node_usage_recorded', '2026-12-06 21:53:54.650488+00', '*DEFAULT*', 'Metering.Ledger.NodeUsageRecorded, Metering', false);
INSERT INTO metering.mt_events VALUES (13, '1331e836-8a3b-4da8-ab5a-1f67156364d9', 'edited-invoice-node@2026-01-10T10Z', 1, '{"Gpus": [{"Sums": {"PowerJoules": 180000, "PowerSamples": 600, "MemorySamples": 600, "MemoryMiBSeconds": 36000000, "UtilizationSamples": 600, "LastEnergyMillijoules": null, "FirstEnergyMillijoules": null, "UtilizationPercentSeconds": 54000}, "Model": "H100", "GpuUuid": "GPU-edited-invoice-0", "Seconds": "0-599", "TenantId": "edited-invoice", "MigProfile": null, "WorkloadId": "job-1", "AllocationClass": "on-demand"}, {"Sums": {"PowerJoules": 120000, "PowerSamples": 600, "MemorySamples": 600, "MemoryMiBSeconds": 36000000, "UtilizationSamples": 600, "LastEnergyMillijoules": null, "FirstEnergyMillijoules": null, "UtilizationPercentSeconds": 54000}, "Model": "H100", "GpuUuid": "GPU-edited-invoice-1", "Seconds": "0-599", "TenantId": "edited-invoice", "MigProfile": null, "WorkloadId": "job-2", "AllocationClass": "on-demand"}], "Hash": "719dea9e6473d493bf7d44075f6f81cedd6294a259e96836102bd4ae893903c1", "Hour": "2026-01-10T10:00:00+00:00", "NodeId": "edited-invoice-node", "Seconds": "0-599", "Sequences": "0-599", "RecordedAt": "2026-02-01T00:00:00+00:00", "RecordedBy": "service:metering-sealer@vm"}', NULL, 'node_usage_recorded', '2026-12-06 21:53:57.778347+00', '*DEFAULT*', 'Metering.Ledger.NodeUsageRecorded, Metering', false);
INSERT INTO metering.mt_events VALUES (11, 'a4e555f0-42f3-471b-806b-5b8f8490cd1f', 'edited-ledger-node@2026-01-10T11Z', 1, '{"Gpus": [{"Sums": {"PowerJoules": 90000, "PowerSamples": 300, "MemorySamples": 300, "MemoryMiBSeconds": 18000000, "UtilizationSamples": 300, "LastEnergyMillijoules": null, "FirstEnergyMillijoules": null, "UtilizationPercentSeconds": 27000}, "Model": "H100", "GpuUuid": "GPU-edited-ledger-0", "Seconds": "0-299", "TenantId": "edited-ledger", "MigProfile": null, "WorkloadId": "job-1", "AllocationClass": "on-demand"}, {"Sums": {"PowerJoules": 60000, "PowerSamples": 300, "MemorySamples": 300, "MemoryMiBSeconds": 18000000, "UtilizationSamples": 300, "LastEnergyMillijoules": null, "FirstEnergyMillijoules": null, "UtilizationPercentSeconds": 27000}, "Model": "H100", "GpuUuid": "GPU-edited-ledger-1", "Seconds": "0-299", "TenantId": null, "MigProfile": null, "WorkloadId": null, "AllocationClass": null}], "Hash": "d39a469492255855b10a310ba24a3e4be0faacaa36f13ec7f419b9937f0cc94b", "Hour": "2026-01-10T11:00:00+00:00", "NodeId": "edited-ledger-node", "Seconds": "0-299", "Sequences": "3600-3899", "RecordedAt": "2026-02-01T00:00:00+00:00", "RecordedBy": "operator:mallory"}', NULL, 'node_usage_recorded', '2026-12-06 21:53:54.650486+00', '*DEFAULT*', 'Metering.Ledger.NodeUsageRecorded, Metering', false);
INSERT INTO metering.mt_events VALUES (14, 'b2d7fbfb-5ea7-4229-8c1f-5a027ca41365', 'edited-invoice-node@2026-01-10T11Z', 1, '{"Gpus": [{"Sums": {"PowerJoules": 90000, "PowerSamples": 300, "MemorySamples": 300, "MemoryMiBSeconds": 18000000, "UtilizationSamples": 300, "LastEnergyMillijoules": null, "FirstEnergyMillijoules": null, "UtilizationPercentSeconds": 27000}, "Model": "H100", "GpuUuid": "GPU-edited-invoice-0", "Seconds": "0-299", "TenantId": "edited-invoice", "MigProfile": null, "WorkloadId": "job-1", "AllocationClass": "on-demand"}, {"Sums": {"PowerJoules": 60000, "PowerSamples": 300, "MemorySamples": 300, "MemoryMiBSeconds": 18000000, "UtilizationSamples": 300, "LastEnergyMillijoules": null, "FirstEnergyMillijoules": null, "UtilizationPercentSeconds": 27000}, "Model": "H100", "GpuUuid": "GPU-edited-invoice-1", "Seconds": "0-299", "TenantId": null, "MigProfile": null, "WorkloadId": null, "AllocationClass": null}], "Hash": "52b0ff2263a987229b6578daad3856a610fa59acb72c800abed7f3e51cc3936e", "Hour": "2026-01-10T11:00:00+00:00", "NodeId": "edited-invoice-node", "Seconds": "0-299", "Sequences": "3600-3899", "RecordedAt": "2026-02-01T00:00:00+00:00", "RecordedBy": "service:metering-sealer@vm"}', NULL, 'node_usage_recorded', '2026-12-06 21:53:57.778377+00', '*DEFAULT*', 'Metering.Ledger.NodeUsageRecorded, Metering', false);
INSERT INTO metering.mt_events VALUES (15, '53b7821a-faf2-4632-85a2-764b9d24dc4b', 'edited-invoice-node@2026-01-11T09Z', 1, '{"Gpus": [{"Sums": {"PowerJoules": 270000, "PowerSamples": 900, "MemorySamples": 900, "MemoryMiBSeconds": 54000000, "UtilizationSamples": 900, "LastEnergyMillijoules": null, "FirstEnergyMillijoules": null, "UtilizationPercentSeconds": 81000}, "Model": "H100", "GpuUuid": "GPU-edited-invoice-0", "Seconds": "0-899", "TenantId": "edited-invoice", "MigProfile": null, "WorkloadId": "job-1", "AllocationClass": "on-demand"}], "Hash": "3a3e7b1ca78c5f3d3779e4798e6c9676cbdffab8488c57a199b5253b9dd30f85", "Hour": "2026-01-11T09:00:00+00:00", "NodeId": "edited-invoice-node", "Seconds": "0-899", "Sequences": "82800-83699", "RecordedAt": "2026-02-01T00:00:00+00:00", "RecordedBy": "service:metering-sealer@vm"}', NULL, 'node_usage_recorded', '2026-12-06 21:53:57.77838+00', '*DEFAULT*', 'Metering.Ledger.NodeUsageRecorded, Metering', false);
INSERT INTO metering.mt_events VALUES (16, '0f2317e5-7795-4220-a00f-5cdbd5735f08', 'edited-accrual-node@2026-01-10T10Z', 1, '{"Gpus": [{"Sums": {"PowerJoules": 180000, "PowerSamples": 600, "MemorySamples": 600, "MemoryMiBSeconds": 36000000, "UtilizationSamples": 600, "LastEnergyMillijoules": null, "FirstEnergyMillijoules": null, "UtilizationPercentSeconds": 54000}, "Model": "H100", "GpuUuid": "GPU-edited-accrual-0", "Seconds": "0-599", "TenantId": "edited-accrual", "MigProfile": null, "WorkloadId": "job-1", "AllocationClass": "on-demand"}, {"Sums": {"PowerJoules": 120000, "PowerSamples": 600, "MemorySamples": 600, "MemoryMiBSeconds": 36000000, "UtilizationSamples": 600, "LastEnergyMillijoules": null, "FirstEnergyMillijoules": null, "UtilizationPercentSeconds": 54000}, "Model": "H100", "GpuUuid": "GPU-edited-accrual-1", "Seconds": "0-599", "TenantId": "edited-accrual", "MigProfile": null, "WorkloadId": "job-2", "AllocationClass": "on-demand"}], "Hash": "c5357684b4cdda1d44886d9de7e2e6c2a24b217be2f019a28fa3275edfd38a98", "Hour": "2026-01-10T10:00:00+00:00", "NodeId": "edited-accrual-node", "Seconds": "0-599", "Sequences": "0-599", "RecordedAt": "2026-02-01T00:00:00+00:00", "RecordedBy": "service:metering-sealer@vm"}', NULL, 'node_usage_recorded', '2026-12-06 21:54:00.66032+00', '*DEFAULT*', 'Metering.Ledger.NodeUsageRecorded, Metering', false);
INSERT INTO metering.mt_events VALUES (17, '1b85b02d-1e99-45db-8c57-cda9bbb11436', 'edited-accrual-node@2026-01-10T11Z', 1, '{"Gpus": [{"Sums": {"PowerJoules": 90000, "PowerSamples": 300, "MemorySamples": 300, "MemoryMiBSeconds": 18000000, "UtilizationSamples": 300, "LastEnergyMillijoules": null, "FirstEnergyMillijoules": null, "UtilizationPercentSeconds": 27000}, "Model": "H100", "GpuUuid": "GPU-edited-accrual-0", "Seconds": "0-299", "TenantId": "edited-accrual", "MigProfile": null, "WorkloadId": "job-1", "AllocationClass": "on-demand"}, {"Sums": {"PowerJoules": 60000, "PowerSamples": 300, "MemorySamples": 300, "MemoryMiBSeconds": 18000000, "UtilizationSamples": 300, "LastEnergyMillijoules": null, "FirstEnergyMillijoules": null, "UtilizationPercentSeconds": 27000}, "Model": "H100", "GpuUuid": "GPU-edited-accrual-1", "Seconds": "0-299", "TenantId": null, "MigProfile": null, "WorkloadId": null, "AllocationClass": null}], "Hash": "69d1648aa796ee8b16db36f0bf76a2e24de80c1c1248c359de29969d30bc26e5", "Hour": "2026-01-10T11:00:00+00:00", "NodeId": "edited-accrual-node", "Seconds": "0-299", "Sequences": "3600-3899", "RecordedAt": "2026-02-01T00:00:00+00:00", "RecordedBy": "service:metering-sealer@vm"}', NULL, 'node_usage_recorded', '2026-12-06 21:54:00.660328+00', '*DEFAULT*', 'Metering.Ledger.NodeUsageRecorded, Metering', false);
INSERT INTO metering.mt_events VALUES (18, '6447cecd-90c1-4327-b57b-b176d19d7b31', 'edited-accrual-node@2026-01-11T09Z', 1, '{"Gpus": [{"Sums": {"PowerJoules": 270000, "PowerSamples": 900, "MemorySamples": 900, "MemoryMiBSeconds": 54000000, "UtilizationSamples": 900, "LastEnergyMillijoules": null, "FirstEnergyMillijoules": null, "UtilizationPercentSeconds": 81000}, "Model": "H100", "GpuUuid": "GPU-edited-accrual-0", "Seconds": "0-899", "TenantId": "edited-accrual", "MigProfile": null, "WorkloadId": "job-1", "AllocationClass": "on-demand"}], "Hash": "99d9e3c93c010a59ca3a3bcf8bec67f8e035cf4d600087a3a7259c3c2066608d", "Hour": "2026-01-11T09:00:00+00:00", "NodeId": "edited-accrual-node", "Seconds": "0-899", "Sequences": "82800-83699", "RecordedAt": "2026-02-01T00:00:00+00:00", "RecordedBy": "service:metering-sealer@vm"}', NULL, 'node_usage_recorded', '2026-12-06 21:54:00.660329+00', '*DEFAULT*', 'Metering.Ledger.NodeUsageRecorded, Metering', false);
INSERT INTO metering.mt_events VALUES (19, '5e86009c-6e79-4c9e-8cda-4ed3e6fe732c', 'lost-ledger-event-node@2026-01-10T10Z', 1, '{"Gpus": [{"Sums": {"PowerJoules": 180000, "PowerSamples": 600, "MemorySamples": 600, "MemoryMiBSeconds": 36000000, "UtilizationSamples": 600, "LastEnergyMillijoules": null, "FirstEnergyMillijoules": null, "UtilizationPercentSeconds": 54000}, "Model": "H100", "GpuUuid": "GPU-lost-ledger-event-0", "Seconds": "0-599", "TenantId": "lost-ledger-event", "MigProfile": null, "WorkloadId": "job-1", "AllocationClass": "on-demand"}, {"Sums": {"PowerJoules": 120000, "PowerSamples": 600, "MemorySamples": 600, "MemoryMiBSeconds": 36000000, "UtilizationSamples": 600, "LastEnergyMillijoules": null, "FirstEnergyMillijoules": null, "UtilizationPercentSeconds": 54000}, "Model": "H100", "GpuUuid": "GPU-lost-ledger-event-1", "Seconds": "0-599", "TenantId": "lost-ledger-event", "MigProfile": null, "WorkloadId": "job-2", "AllocationClass": "on-demand"}], "Hash": "ca679bb9569d40b396bc49429dd03607a30f90f6fa74b961801e169c77b3ff85", "Hour": "2026-01-10T10:00:00+00:00", "NodeId": "lost-ledger-event-node", "Seconds": "0-599", "Sequences": "0-599", "RecordedAt": "2026-02-01T00:00:00+00:00", "RecordedBy": "service:metering-sealer@vm"}', NULL, 'node_usage_recorded', '2026-12-06 21:54:02.668689+00', '*DEFAULT*', 'Metering.Ledger.NodeUsageRecorded, Metering', false);
INSERT INTO metering.mt_events VALUES (21, '541e30d5-d7cb-40d7-89d3-b1045b9d9d18', 'lost-ledger-event-node@2026-01-11T09Z', 1, '{"Gpus": [{"Sums": {"PowerJoules": 270000, "PowerSamples": 900, "MemorySamples": 900, "MemoryMiBSeconds": 54000000, "UtilizationSamples": 900, "LastEnergyMillijoules": null, "FirstEnergyMillijoules": null, "UtilizationPercentSeconds": 81000}, "Model": "H100", "GpuUuid": "GPU-lost-ledger-event-0", "Seconds": "0-899", "TenantId": "lost-ledger-event", "MigProfile": null, "WorkloadId": "job-1", "AllocationClass": "on-demand"}], "Hash": "6b69713470e75c3ccb0229c1bf76aa51a75f38e690f8a3ed54cbb8282fedfb02", "Hour": "2026-01-11T09:00:00+00:00", "NodeId": "lost-ledger-event-node", "Seconds": "0-899", "Sequences": "82800-83699", "RecordedAt": "2026-02-01T00:00:00+00:00", "RecordedBy": "service:metering-sealer@vm"}', NULL, 'node_usage_recorded', '2026-12-06 21:54:02.6687+00', '*DEFAULT*', 'Metering.Ledger.NodeUsageRecorded, Metering', false);


--
-- Data for Name: mt_high_water_skips; Type: TABLE DATA; Schema: metering; Owner: -
--



--
-- Data for Name: mt_streams; Type: TABLE DATA; Schema: metering; Owner: -
--

INSERT INTO metering.mt_streams VALUES ('untouched-node@2026-01-10T10Z', 'node_hour_ledger', 1, '2026-12-06 21:53:43.345159+00', '2026-12-06 21:53:43.345159+00', '*DEFAULT*', 0, false);
INSERT INTO metering.mt_streams VALUES ('untouched-node@2026-01-10T11Z', 'node_hour_ledger', 1, '2026-12-06 21:53:43.345159+00', '2026-12-06 21:53:43.345159+00', '*DEFAULT*', 0, false);
INSERT INTO metering.mt_streams VALUES ('untouched-node@2026-01-11T09Z', 'node_hour_ledger', 1, '2026-12-06 21:53:43.345159+00', '2026-12-06 21:53:43.345159+00', '*DEFAULT*', 0, false);
INSERT INTO metering.mt_streams VALUES ('edited-rate-card-node@2026-01-10T10Z', 'node_hour_ledger', 1, '2026-12-06 21:53:46.903786+00', '2026-12-06 21:53:46.903786+00', '*DEFAULT*', 0, false);
INSERT INTO metering.mt_streams VALUES ('edited-rate-card-node@2026-01-10T11Z', 'node_hour_ledger', 1, '2026-12-06 21:53:46.903786+00', '2026-12-06 21:53:46.903786+00', '*DEFAULT*', 0, false);
INSERT INTO metering.mt_streams VALUES ('edited-rate-card-node@2026-01-11T09Z', 'node_hour_ledger', 1, '2026-12-06 21:53:46.903786+00', '2026-12-06 21:53:46.903786+00', '*DEFAULT*', 0, false);
INSERT INTO metering.mt_streams VALUES ('reattributed-accrual-node@2026-01-10T10Z', 'node_hour_ledger', 1, '2026-12-06 21:53:50.684299+00', '2026-12-06 21:53:50.684299+00', '*DEFAULT*', 0, false);
INSERT INTO metering.mt_streams VALUES ('reattributed-accrual-node@2026-01-10T11Z', 'node_hour_ledger', 1, '2026-12-06 21:53:50.684299+00', '2026-12-06 21:53:50.684299+00', '*DEFAULT*', 0, false);
INSERT INTO metering.mt_streams VALUES ('reattributed-accrual-node@2026-01-11T09Z', 'node_hour_ledger', 1, '2026-12-06 21:53:50.684299+00', '2026-12-06 21:53:50.684299+00', '*DEFAULT*', 0, false);
INSERT INTO metering.mt_streams VALUES ('edited-ledger-node@2026-01-10T10Z', 'node_hour_ledger', 1, '2026-12-06 21:53:54.607104+00', '2026-12-06 21:53:54.607104+00', '*DEFAULT*', 0, false);
INSERT INTO metering.mt_streams VALUES ('edited-ledger-node@2026-01-10T11Z', 'node_hour_ledger', 1, '2026-12-06 21:53:54.607104+00', '2026-12-06 21:53:54.607104+00', '*DEFAULT*', 0, false);
INSERT INTO metering.mt_streams VALUES ('edited-ledger-node@2026-01-11T09Z', 'node_hour_ledger', 1, '2026-12-06 21:53:54.607104+00', '2026-12-06 21:53:54.607104+00', '*DEFAULT*', 0, false);
INSERT INTO metering.mt_streams VALUES ('edited-invoice-node@2026-01-10T10Z', 'node_hour_ledger', 1, '2026-12-06 21:53:57.755925+00', '2026-12-06 21:53:57.755925+00', '*DEFAULT*', 0, false);
INSERT INTO metering.mt_streams VALUES ('edited-invoice-node@2026-01-10T11Z', 'node_hour_ledger', 1, '2026-12-06 21:53:57.755925+00', '2026-12-06 21:53:57.755925+00', '*DEFAULT*', 0, false);
INSERT INTO metering.mt_streams VALUES ('edited-invoice-node@2026-01-11T09Z', 'node_hour_ledger', 1, '2026-12-06 21:53:57.755925+00', '2026-12-06 21:53:57.755925+00', '*DEFAULT*', 0, false);
INSERT INTO metering.mt_streams VALUES ('edited-accrual-node@2026-01-10T10Z', 'node_hour_ledger', 1, '2026-12-06 21:54:00.640045+00', '2026-12-06 21:54:00.640045+00', '*DEFAULT*', 0, false);
INSERT INTO metering.mt_streams VALUES ('edited-accrual-node@2026-01-10T11Z', 'node_hour_ledger', 1, '2026-12-06 21:54:00.640045+00', '2026-12-06 21:54:00.640045+00', '*DEFAULT*', 0, false);
INSERT INTO metering.mt_streams VALUES ('edited-accrual-node@2026-01-11T09Z', 'node_hour_ledger', 1, '2026-12-06 21:54:00.640045+00', '2026-12-06 21:54:00.640045+00', '*DEFAULT*', 0, false);
INSERT INTO metering.mt_streams VALUES ('lost-ledger-event-node@2026-01-10T10Z', 'node_hour_ledger', 1, '2026-12-06 21:54:02.620989+00', '2026-12-06 21:54:02.620989+00', '*DEFAULT*', 0, false);
INSERT INTO metering.mt_streams VALUES ('lost-ledger-event-node@2026-01-10T11Z', 'node_hour_ledger', 1, '2026-12-06 21:54:02.620989+00', '2026-12-06 21:54:02.620989+00', '*DEFAULT*', 0, false);
INSERT INTO metering.mt_streams VALUES ('lost-ledger-event-node@2026-01-11T09Z', 'node_hour_ledger', 1, '2026-12-06 21:54:02.620989+00', '2026-12-06 21:54:02.620989+00', '*DEFAULT*', 0, false);


--
-- Data for Name: node_reporting; Type: TABLE DATA; Schema: metering; Owner: -
--

INSERT INTO metering.node_reporting VALUES ('untouched-node', '2026-01-10 10:00:00+00', '2026-01-11 09:14:59+00', 1800, 0, 83699, 1800, '2026-02-01 00:00:00+00');
INSERT INTO metering.node_reporting VALUES ('edited-rate-card-node', '2026-01-10 10:00:00+00', '2026-01-11 09:14:59+00', 1800, 0, 83699, 1800, '2026-02-01 00:00:00+00');
INSERT INTO metering.node_reporting VALUES ('reattributed-accrual-node', '2026-01-10 10:00:00+00', '2026-01-11 09:14:59+00', 1800, 0, 83699, 1800, '2026-02-01 00:00:00+00');
INSERT INTO metering.node_reporting VALUES ('edited-ledger-node', '2026-01-10 10:00:00+00', '2026-01-11 09:14:59+00', 1800, 0, 83699, 1800, '2026-02-01 00:00:00+00');
INSERT INTO metering.node_reporting VALUES ('edited-invoice-node', '2026-01-10 10:00:00+00', '2026-01-11 09:14:59+00', 1800, 0, 83699, 1800, '2026-02-01 00:00:00+00');
INSERT INTO metering.node_reporting VALUES ('edited-accrual-node', '2026-01-10 10:00:00+00', '2026-01-11 09:14:59+00', 1800, 0, 83699, 1800, '2026-02-01 00:00:00+00');
INSERT INTO metering.node_reporting VALUES ('lost-ledger-event-node', '2026-01-10 10:00:00+00', '2026-01-11 09:14:59+00', 1800, 0, 83699, 1800, '2026-02-01 00:00:00+00');


--
-- Data for Name: usage_buckets; Type: TABLE DATA; Schema: metering; Owner: -
--

INSERT INTO metering.usage_buckets VALUES ('untouched', '2026-01-10 10:00:00+00', 'H100', '', 'untouched-node', 1200);
INSERT INTO metering.usage_buckets VALUES ('untouched', '2026-01-10 11:00:00+00', 'H100', '', 'untouched-node', 300);
INSERT INTO metering.usage_buckets VALUES ('untouched', '2026-01-11 09:00:00+00', 'H100', '', 'untouched-node', 900);
INSERT INTO metering.usage_buckets VALUES ('edited-rate-card', '2026-01-10 10:00:00+00', 'H100', '', 'edited-rate-card-node', 1200);
INSERT INTO metering.usage_buckets VALUES ('edited-rate-card', '2026-01-10 11:00:00+00', 'H100', '', 'edited-rate-card-node', 300);
INSERT INTO metering.usage_buckets VALUES ('edited-rate-card', '2026-01-11 09:00:00+00', 'H100', '', 'edited-rate-card-node', 900);
INSERT INTO metering.usage_buckets VALUES ('reattributed-accrual', '2026-01-10 10:00:00+00', 'H100', '', 'reattributed-accrual-node', 1200);
INSERT INTO metering.usage_buckets VALUES ('reattributed-accrual', '2026-01-10 11:00:00+00', 'H100', '', 'reattributed-accrual-node', 300);
INSERT INTO metering.usage_buckets VALUES ('reattributed-accrual', '2026-01-11 09:00:00+00', 'H100', '', 'reattributed-accrual-node', 900);
INSERT INTO metering.usage_buckets VALUES ('edited-ledger', '2026-01-10 10:00:00+00', 'H100', '', 'edited-ledger-node', 1200);
INSERT INTO metering.usage_buckets VALUES ('edited-ledger', '2026-01-10 11:00:00+00', 'H100', '', 'edited-ledger-node', 300);
INSERT INTO metering.usage_buckets VALUES ('edited-ledger', '2026-01-11 09:00:00+00', 'H100', '', 'edited-ledger-node', 900);
INSERT INTO metering.usage_buckets VALUES ('edited-invoice', '2026-01-10 10:00:00+00', 'H100', '', 'edited-invoice-node', 1200);
INSERT INTO metering.usage_buckets VALUES ('edited-invoice', '2026-01-10 11:00:00+00', 'H100', '', 'edited-invoice-node', 300);
INSERT INTO metering.usage_buckets VALUES ('edited-invoice', '2026-01-11 09:00:00+00', 'H100', '', 'edited-invoice-node', 900);
INSERT INTO metering.usage_buckets VALUES ('edited-accrual', '2026-01-10 10:00:00+00', 'H100', '', 'edited-accrual-node', 1200);
INSERT INTO metering.usage_buckets VALUES ('edited-accrual', '2026-01-10 11:00:00+00', 'H100', '', 'edited-accrual-node', 300);
INSERT INTO metering.usage_buckets VALUES ('edited-accrual', '2026-01-11 09:00:00+00', 'H100', '', 'edited-accrual-node', 900);
INSERT INTO metering.usage_buckets VALUES ('lost-ledger-event', '2026-01-10 10:00:00+00', 'H100', '', 'lost-ledger-event-node', 1200);
INSERT INTO metering.usage_buckets VALUES ('lost-ledger-event', '2026-01-10 11:00:00+00', 'H100', '', 'lost-ledger-event-node', 300);
INSERT INTO metering.usage_buckets VALUES ('lost-ledger-event', '2026-01-11 09:00:00+00', 'H100', '', 'lost-ledger-event-node', 900);


--
-- Data for Name: accrued_sources; Type: TABLE DATA; Schema: pricing; Owner: -
--

INSERT INTO pricing.accrued_sources VALUES ('15df73be-1f7c-4426-bbcd-8a8ba0aa9d46', 'untouched@2026-01-01T00:00Z');
INSERT INTO pricing.accrued_sources VALUES ('bd7e10b1-5a3c-4efc-95b9-581c722abd42', 'untouched@2026-01-01T00:00Z');
INSERT INTO pricing.accrued_sources VALUES ('f1258134-5f53-48d0-add0-f7a5352179d8', 'untouched@2026-01-01T00:00Z');
INSERT INTO pricing.accrued_sources VALUES ('2883e4b2-6d83-475f-aca1-0838839bc296', 'edited-rate-card@2026-01-01T00:00Z');
INSERT INTO pricing.accrued_sources VALUES ('d676fa36-7336-46fd-a247-4580cbd42baa', 'edited-rate-card@2026-01-01T00:00Z');
INSERT INTO pricing.accrued_sources VALUES ('e20cec4f-2934-4262-9c57-97e0be116506', 'edited-rate-card@2026-01-01T00:00Z');
INSERT INTO pricing.accrued_sources VALUES ('6b8883a4-3090-496b-a05f-ce7335612c73', 'reattributed-accrual@2026-01-01T00:00Z');
INSERT INTO pricing.accrued_sources VALUES ('aa0d65d8-d23e-4660-a108-aab49389807a', 'reattributed-accrual@2026-01-01T00:00Z');
INSERT INTO pricing.accrued_sources VALUES ('d70e8258-fb42-4f77-8da6-1a9ddf84c488', 'reattributed-accrual@2026-01-01T00:00Z');
INSERT INTO pricing.accrued_sources VALUES ('99db5f8f-8969-46f4-b537-e37279ef48df', 'edited-ledger@2026-01-01T00:00Z');
INSERT INTO pricing.accrued_sources VALUES ('a4e555f0-42f3-471b-806b-5b8f8490cd1f', 'edited-ledger@2026-01-01T00:00Z');
INSERT INTO pricing.accrued_sources VALUES ('df492f0b-204a-45cb-aa82-3df87e997d42', 'edited-ledger@2026-01-01T00:00Z');
INSERT INTO pricing.accrued_sources VALUES ('1331e836-8a3b-4da8-ab5a-1f67156364d9', 'edited-invoice@2026-01-01T00:00Z');
INSERT INTO pricing.accrued_sources VALUES ('53b7821a-faf2-4632-85a2-764b9d24dc4b', 'edited-invoice@2026-01-01T00:00Z');
INSERT INTO pricing.accrued_sources VALUES ('b2d7fbfb-5ea7-4229-8c1f-5a027ca41365', 'edited-invoice@2026-01-01T00:00Z');
INSERT INTO pricing.accrued_sources VALUES ('0f2317e5-7795-4220-a00f-5cdbd5735f08', 'edited-accrual@2026-01-01T00:00Z');
INSERT INTO pricing.accrued_sources VALUES ('1b85b02d-1e99-45db-8c57-cda9bbb11436', 'edited-accrual@2026-01-01T00:00Z');
INSERT INTO pricing.accrued_sources VALUES ('6447cecd-90c1-4327-b57b-b176d19d7b31', 'edited-accrual@2026-01-01T00:00Z');
INSERT INTO pricing.accrued_sources VALUES ('541e30d5-d7cb-40d7-89d3-b1045b9d9d18', 'lost-ledger-event@2026-01-01T00:00Z');
INSERT INTO pricing.accrued_sources VALUES ('5e86009c-6e79-4c9e-8cda-4ed3e6fe732c', 'lost-ledger-event@2026-01-01T00:00Z');
INSERT INTO pricing.accrued_sources VALUES ('cbd5d02a-cdd6-49e8-b921-cf9612d121fa', 'lost-ledger-event@2026-01-01T00:00Z');


--
-- Data for Name: mt_doc_accessgrant; Type: TABLE DATA; Schema: pricing; Owner: -
--



--
-- Data for Name: mt_doc_apikey; Type: TABLE DATA; Schema: pricing; Owner: -
--

INSERT INTO pricing.mt_doc_apikey VALUES ('5f69d5f0e5b80350f26856ae54ddbae8c58c8d5f2e0384cd9ed94f0c6e1ac4ea', '{"Id": "5f69d5f0e5b80350f26856ae54ddbae8c58c8d5f2e0384cd9ed94f0c6e1ac4ea", "Role": "operator", "CreatedAt": "2026-12-06T21:53:40.7073163+00:00", "PrincipalId": "finance"}', '2026-12-06 21:53:40.729897+00', '01a24d59-3164-4128-bf96-f7321e2247ad', 'GpuBilling.Access.ApiKey');


--
-- Data for Name: mt_doc_deadletterevent; Type: TABLE DATA; Schema: pricing; Owner: -
--



--
-- Data for Name: mt_doc_periodusage; Type: TABLE DATA; Schema: pricing; Owner: -
--

INSERT INTO pricing.mt_doc_periodusage VALUES ('untouched@2026-01-01T00:00Z', '{"Id": "untouched@2026-01-01T00:00Z", "LastHash": "1b870ff58db5a3946ed462660a9a280e28f51db0803fecec7f670a00213cf2ee", "TenantId": "untouched", "PeriodEnd": "2026-02-01T00:00:00+00:00", "LastSecond": "2026-01-11T09:14:59+00:00", "RateCardId": "rc-audit", "Allocations": {"[1,\"H100\",null,\"on-demand\",\"job-1\",\"GPU-untouched-0\"]": {"Seconds": 1800, "EnergyJoules": 540000}, "[1,\"H100\",null,\"on-demand\",\"job-2\",\"GPU-untouched-1\"]": {"Seconds": 600, "EnergyJoules": 120000}}, "FirstSecond": "2026-01-10T10:00:00+00:00", "PeriodStart": "2026-01-01T00:00:00+00:00", "StreamVersion": 4, "OpenedBeforeUsage": true}', '2026-12-06 21:53:43.723593+00', 'Pricing.Accrual.PeriodUsage', 4);
INSERT INTO pricing.mt_doc_periodusage VALUES ('edited-rate-card@2026-01-01T00:00Z', '{"Id": "edited-rate-card@2026-01-01T00:00Z", "LastHash": "abf9c19da9aae12557ccc2b2e2bfb3090e84344e48dc1b77f00df0e0a1f7617f", "TenantId": "edited-rate-card", "PeriodEnd": "2026-02-01T00:00:00+00:00", "LastSecond": "2026-01-11T09:14:59+00:00", "RateCardId": "rc-audit", "Allocations": {"[1,\"H100\",null,\"on-demand\",\"job-1\",\"GPU-edited-rate-card-0\"]": {"Seconds": 1800, "EnergyJoules": 540000}, "[1,\"H100\",null,\"on-demand\",\"job-2\",\"GPU-edited-rate-card-1\"]": {"Seconds": 600, "EnergyJoules": 120000}}, "FirstSecond": "2026-01-10T10:00:00+00:00", "PeriodStart": "2026-01-01T00:00:00+00:00", "StreamVersion": 4, "OpenedBeforeUsage": true}', '2026-12-06 21:53:47.689945+00', 'Pricing.Accrual.PeriodUsage', 4);
INSERT INTO pricing.mt_doc_periodusage VALUES ('reattributed-accrual@2026-01-01T00:00Z', '{"Id": "reattributed-accrual@2026-01-01T00:00Z", "LastHash": "f4e593dcd5d4ad32e6138e09622fd1ddd4cdf1e998fea4b21080572bdbdf9bdd", "TenantId": "reattributed-accrual", "PeriodEnd": "2026-02-01T00:00:00+00:00", "LastSecond": "2026-01-11T09:14:59+00:00", "RateCardId": "rc-audit", "Allocations": {"[1,\"H100\",null,\"on-demand\",\"job-1\",\"GPU-reattributed-accrual-0\"]": {"Seconds": 1800, "EnergyJoules": 540000}, "[1,\"H100\",null,\"on-demand\",\"job-2\",\"GPU-reattributed-accrual-1\"]": {"Seconds": 600, "EnergyJoules": 120000}}, "FirstSecond": "2026-01-10T10:00:00+00:00", "PeriodStart": "2026-01-01T00:00:00+00:00", "StreamVersion": 4, "OpenedBeforeUsage": true}', '2026-12-06 21:53:51.771305+00', 'Pricing.Accrual.PeriodUsage', 4);
INSERT INTO pricing.mt_doc_periodusage VALUES ('edited-ledger@2026-01-01T00:00Z', '{"Id": "edited-ledger@2026-01-01T00:00Z", "LastHash": "c06e0c2c51aa2d8df79af10aaac3809ca5cf84cc96a2c91c8cfa2ad458e02d36", "TenantId": "edited-ledger", "PeriodEnd": "2026-02-01T00:00:00+00:00", "LastSecond": "2026-01-11T09:14:59+00:00", "RateCardId": "rc-audit", "Allocations": {"[1,\"H100\",null,\"on-demand\",\"job-1\",\"GPU-edited-ledger-0\"]": {"Seconds": 1800, "EnergyJoules": 540000}, "[1,\"H100\",null,\"on-demand\",\"job-2\",\"GPU-edited-ledger-1\"]": {"Seconds": 600, "EnergyJoules": 120000}}, "FirstSecond": "2026-01-10T10:00:00+00:00", "PeriodStart": "2026-01-01T00:00:00+00:00", "StreamVersion": 4, "OpenedBeforeUsage": true}', '2026-12-06 21:53:55.886138+00', 'Pricing.Accrual.PeriodUsage', 4);
INSERT INTO pricing.mt_doc_periodusage VALUES ('edited-invoice@2026-01-01T00:00Z', '{"Id": "edited-invoice@2026-01-01T00:00Z", "LastHash": "e2540eaba22060353630870a0d92525d4183be40a78594d5627f69e429870637", "TenantId": "edited-invoice", "PeriodEnd": "2026-02-01T00:00:00+00:00", "LastSecond": "2026-01-11T09:14:59+00:00", "RateCardId": "rc-audit", "Allocations": {"[1,\"H100\",null,\"on-demand\",\"job-1\",\"GPU-edited-invoice-0\"]": {"Seconds": 1800, "EnergyJoules": 540000}, "[1,\"H100\",null,\"on-demand\",\"job-2\",\"GPU-edited-invoice-1\"]": {"Seconds": 600, "EnergyJoules": 120000}}, "FirstSecond": "2026-01-10T10:00:00+00:00", "PeriodStart": "2026-01-01T00:00:00+00:00", "StreamVersion": 4, "OpenedBeforeUsage": true}', '2026-12-06 21:53:58.928855+00', 'Pricing.Accrual.PeriodUsage', 4);
INSERT INTO pricing.mt_doc_periodusage VALUES ('edited-accrual@2026-01-01T00:00Z', '{"Id": "edited-accrual@2026-01-01T00:00Z", "LastHash": "bacd7e41a2ab7c335c50532a348cf8ae4fa12a26c5b38e6c5b770e1472369579", "TenantId": "edited-accrual", "PeriodEnd": "2026-02-01T00:00:00+00:00", "LastSecond": "2026-01-11T09:14:59+00:00", "RateCardId": "rc-audit", "Allocations": {"[1,\"H100\",null,\"on-demand\",\"job-1\",\"GPU-edited-accrual-0\"]": {"Seconds": 1800, "EnergyJoules": 540000}, "[1,\"H100\",null,\"on-demand\",\"job-2\",\"GPU-edited-accrual-1\"]": {"Seconds": 600, "EnergyJoules": 120000}}, "FirstSecond": "2026-01-10T10:00:00+00:00", "PeriodStart": "2026-01-01T00:00:00+00:00", "StreamVersion": 4, "OpenedBeforeUsage": true}', '2026-12-06 21:54:00.945735+00', 'Pricing.Accrual.PeriodUsage', 4);
INSERT INTO pricing.mt_doc_periodusage VALUES ('lost-ledger-event@2026-01-01T00:00Z', '{"Id": "lost-ledger-event@2026-01-01T00:00Z", "LastHash": "912f6f2cd1e5c1bce55ac2b582bbfdeb93334f359364bd399f2bb6ffa98c9bfb", "TenantId": "lost-ledger-event", "PeriodEnd": "2026-02-01T00:00:00+00:00", "LastSecond": "2026-01-11T09:14:59+00:00", "RateCardId": "rc-audit", "Allocations": {"[1,\"H100\",null,\"on-demand\",\"job-1\",\"GPU-lost-ledger-event-0\"]": {"Seconds": 1800, "EnergyJoules": 540000}, "[1,\"H100\",null,\"on-demand\",\"job-2\",\"GPU-lost-ledger-event-1\"]": {"Seconds": 600, "EnergyJoules": 120000}}, "FirstSecond": "2026-01-10T10:00:00+00:00", "PeriodStart": "2026-01-01T00:00:00+00:00", "StreamVersion": 4, "OpenedBeforeUsage": true}', '2026-12-06 21:54:03.78841+00', 'Pricing.Accrual.PeriodUsage', 4);


--
-- Data for Name: mt_doc_ratecard; Type: TABLE DATA; Schema: pricing; Owner: -
--

INSERT INTO pricing.mt_doc_ratecard VALUES ('rc-audit', '{"Id": "rc-audit", "Currency": {"Code": "USD", "MinorUnits": 2}, "LastHash": "81f1050cd2d996494f1d506da22e6fe9cf91a2355263f8e3bb09f9dc66811270", "Versions": [{"Terms": {"Rates": [{"Key": {"GpuModel": "H100", "MigProfile": null, "AllocationClass": "on-demand"}, "Model": 0, "Tiers": [], "PricePerGpuHour": 2.40}], "Increment": 0, "Commitment": null, "ReservedGpus": [], "MinimumDuration": null, "EnergyPricePerKWh": 0.20}, "Number": 1, "EffectiveFrom": "2026-01-01T00:00:00+00:00"}]}', '2026-12-06 21:53:41.106754+00', 'Pricing.RateCards.RateCard', 1);


--
-- Data for Name: mt_doc_ratecardsummary; Type: TABLE DATA; Schema: pricing; Owner: -
--

INSERT INTO pricing.mt_doc_ratecardsummary VALUES ('rc-audit', '{"Id": "rc-audit", "Currency": "USD", "Versions": [{"Version": 1, "PublishedAt": "2026-01-01T00:00:00+00:00", "EffectiveFrom": "2026-01-01T00:00:00+00:00"}], "LatestVersion": 1}', '2026-12-06 21:53:41.106754+00', 'Pricing.RateCards.RateCardSummary', 1);


--
-- Data for Name: mt_doc_tenantterms; Type: TABLE DATA; Schema: pricing; Owner: -
--

INSERT INTO pricing.mt_doc_tenantterms VALUES ('untouched', '{"Id": "untouched", "SetAt": "2026-01-20T00:00:00+00:00", "AnchorDay": 1, "RateCardId": "rc-audit", "TimeZoneId": "UTC", "CurrencyCode": "USD", "AccountVersion": 1}', '2026-12-06 21:53:42.147704+00', '01a24d59-3717-45d4-b785-dd2354be51f7', 'Pricing.Tenants.TenantTerms');
INSERT INTO pricing.mt_doc_tenantterms VALUES ('edited-rate-card', '{"Id": "edited-rate-card", "SetAt": "2026-01-20T00:00:00+00:00", "AnchorDay": 1, "RateCardId": "rc-audit", "TimeZoneId": "UTC", "CurrencyCode": "USD", "AccountVersion": 1}', '2026-12-06 21:53:45.898731+00', '01a24d59-45ab-422b-995e-1baa6cd64b7b', 'Pricing.Tenants.TenantTerms');
INSERT INTO pricing.mt_doc_tenantterms VALUES ('reattributed-accrual', '{"Id": "reattributed-accrual", "SetAt": "2026-01-20T00:00:00+00:00", "AnchorDay": 1, "RateCardId": "rc-audit", "TimeZoneId": "UTC", "CurrencyCode": "USD", "AccountVersion": 1}', '2026-12-06 21:53:49.941893+00', '01a24d59-5576-42ee-8671-ee3a8f6ad8eb', 'Pricing.Tenants.TenantTerms');
INSERT INTO pricing.mt_doc_tenantterms VALUES ('edited-ledger', '{"Id": "edited-ledger", "SetAt": "2026-01-20T00:00:00+00:00", "AnchorDay": 1, "RateCardId": "rc-audit", "TimeZoneId": "UTC", "CurrencyCode": "USD", "AccountVersion": 1}', '2026-12-06 21:53:53.991826+00', '01a24d59-654c-412f-a887-84c97a6bed75', 'Pricing.Tenants.TenantTerms');
INSERT INTO pricing.mt_doc_tenantterms VALUES ('edited-invoice', '{"Id": "edited-invoice", "SetAt": "2026-01-20T00:00:00+00:00", "AnchorDay": 1, "RateCardId": "rc-audit", "TimeZoneId": "UTC", "CurrencyCode": "USD", "AccountVersion": 1}', '2026-12-06 21:53:57.042051+00', '01a24d59-7133-4853-847e-2d4a4a3942e6', 'Pricing.Tenants.TenantTerms');
INSERT INTO pricing.mt_doc_tenantterms VALUES ('edited-accrual', '{"Id": "edited-accrual", "SetAt": "2026-01-20T00:00:00+00:00", "AnchorDay": 1, "RateCardId": "rc-audit", "TimeZoneId": "UTC", "CurrencyCode": "USD", "AccountVersion": 1}', '2026-12-06 21:54:00.075154+00', '01a24d59-7d0c-4cc2-9ab4-dfe21ecd0196', 'Pricing.Tenants.TenantTerms');
INSERT INTO pricing.mt_doc_tenantterms VALUES ('lost-ledger-event', '{"Id": "lost-ledger-event", "SetAt": "2026-01-20T00:00:00+00:00", "AnchorDay": 1, "RateCardId": "rc-audit", "TimeZoneId": "UTC", "CurrencyCode": "USD", "AccountVersion": 1}', '2026-12-06 21:54:02.106276+00', '01a24d59-84fa-4b5c-81a3-21bc4a4bafee', 'Pricing.Tenants.TenantTerms');


--
-- Data for Name: mt_doc_unbilledusage; Type: TABLE DATA; Schema: pricing; Owner: -
--



--
-- Data for Name: mt_event_progression; Type: TABLE DATA; Schema: pricing; Owner: -
--

INSERT INTO pricing.mt_event_progression VALUES ('HighWaterAllocationFence', 26, '2026-12-06 21:54:04.780506+00', 'none', 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO pricing.mt_event_progression VALUES ('HighWaterMark', 29, '2026-12-06 21:54:05.789373+00', 'none', 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO pricing.mt_event_progression VALUES ('period-rated-publisher:All', 29, '2026-12-06 21:54:05.806594+00', 'none', 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);


--
-- Data for Name: mt_event_projection_floors; Type: TABLE DATA; Schema: pricing; Owner: -
--



--
-- Data for Name: mt_events; Type: TABLE DATA; Schema: pricing; Owner: -
--

INSERT INTO pricing.mt_events VALUES (2, '80cb5fd2-7f27-48c3-9fc6-f332e9a0ba2c', 'untouched@2026-01-01T00:00Z', 1, '{"Hash": "01ade73d5efdb5bf61de1d158fd6ec7c8badf1655e82093743683be5ab770f70", "OpenedAt": "2026-01-01T00:00:00+00:00", "OpenedBy": "service:pricing@vm", "TenantId": "untouched", "PeriodEnd": "2026-02-01T00:00:00+00:00", "RateCardId": "rc-audit", "PeriodStart": "2026-01-01T00:00:00+00:00"}', NULL, 'period_opened', '2026-12-06 21:53:42.225839+00', '*DEFAULT*', 'Pricing.Accrual.PeriodOpened, Pricing', false);
INSERT INTO pricing.mt_events VALUES (3, '4464dd13-92a9-4767-ac92-0acceea6fa5a', 'untouched@2026-01-01T00:00Z', 2, '{"Hash": "4dcd8010fcc1cd824f35c00857af99e4aef2c07ba85fe841ba0b659eaa1ff941", "SourceId": "15df73be-1f7c-4426-bbcd-8a8ba0aa9d46", "TenantId": "untouched", "AccruedAt": "2026-01-01T00:00:00+00:00", "AccruedBy": "service:pricing@vm", "PeriodEnd": "2026-02-01T00:00:00+00:00", "Quantities": [{"Key": {"GpuModel": "H100", "MigProfile": null, "AllocationClass": "on-demand"}, "Runs": [{"From": "2026-01-10T10:00:00+00:00", "Seconds": 600}], "GpuUuid": "GPU-untouched-0", "Seconds": 600, "WorkloadId": "job-1", "EnergyJoules": 180000, "RateCardVersion": 1}, {"Key": {"GpuModel": "H100", "MigProfile": null, "AllocationClass": "on-demand"}, "Runs": [{"From": "2026-01-10T10:00:00+00:00", "Seconds": 600}], "GpuUuid": "GPU-untouched-1", "Seconds": 600, "WorkloadId": "job-2", "EnergyJoules": 120000, "RateCardVersion": 1}], "RateCardId": "rc-audit", "PeriodStart": "2026-01-01T00:00:00+00:00"}', NULL, 'usage_accrued', '2026-12-06 21:53:43.916737+00', '*DEFAULT*', 'Pricing.Accrual.UsageAccrued, Pricing', false);
INSERT INTO pricing.mt_events VALUES (4, 'e5466001-f99e-4b2e-9aa0-172b13206f02', 'untouched@2026-01-01T00:00Z', 3, '{"Hash": "987baf75701b0d47731c8fd97bf0af32ffdfa96dc094fd787396e845e181c250", "SourceId": "f1258134-5f53-48d0-add0-f7a5352179d8", "TenantId": "untouched", "AccruedAt": "2026-01-01T00:00:00+00:00", "AccruedBy": "service:pricing@vm", "PeriodEnd": "2026-02-01T00:00:00+00:00", "Quantities": [{"Key": {"GpuModel": "H100", "MigProfile": null, "AllocationClass": "on-demand"}, "Runs": [{"From": "2026-01-10T11:00:00+00:00", "Seconds": 300}], "GpuUuid": "GPU-untouched-0", "Seconds": 300, "WorkloadId": "job-1", "EnergyJoules": 90000, "RateCardVersion": 1}], "RateCardId": "rc-audit", "PeriodStart": "2026-01-01T00:00:00+00:00"}', NULL, 'usage_accrued', '2026-12-06 21:53:43.916737+00', '*DEFAULT*', 'Pricing.Accrual.UsageAccrued, Pricing', false);
INSERT INTO pricing.mt_events VALUES (5, 'da74db22-bd64-4612-a7e6-e48b9a7b229d', 'untouched@2026-01-01T00:00Z', 4, '{"Hash": "1b870ff58db5a3946ed462660a9a280e28f51db0803fecec7f670a00213cf2ee", "SourceId": "bd7e10b1-5a3c-4efc-95b9-581c722abd42", "TenantId": "untouched", "AccruedAt": "2026-01-01T00:00:00+00:00", "AccruedBy": "service:pricing@vm", "PeriodEnd": "2026-02-01T00:00:00+00:00", "Quantities": [{"Key": {"GpuModel": "H100", "MigProfile": null, "AllocationClass": "on-demand"}, "Runs": [{"From": "2026-01-11T09:00:00+00:00", "Seconds": 900}], "GpuUuid": "GPU-untouched-0", "Seconds": 900, "WorkloadId": "job-1", "EnergyJoules": 270000, "RateCardVersion": 1}], "RateCardId": "rc-audit", "PeriodStart": "2026-01-01T00:00:00+00:00"}', NULL, 'usage_accrued', '2026-12-06 21:53:43.916737+00', '*DEFAULT*', 'Pricing.Accrual.UsageAccrued, Pricing', false);
INSERT INTO pricing.mt_events VALUES (6, '916312d2-e6ce-48ea-ac0c-c180e17d7d7d', 'edited-rate-card@2026-01-01T00:00Z', 1, '{"Hash": "11feb74c68a7aec90fb86aa24b19967588c6311f6eec5f3cbb126e6e6b0a1703", "OpenedAt": "2026-01-01T00:00:00+00:00", "OpenedBy": "service:pricing@vm", "TenantId": "edited-rate-card", "PeriodEnd": "2026-02-01T00:00:00+00:00", "RateCardId": "rc-audit", "PeriodStart": "2026-01-01T00:00:00+00:00"}', NULL, 'period_opened', '2026-12-06 21:53:45.90185+00', '*DEFAULT*', 'Pricing.Accrual.PeriodOpened, Pricing', false);
INSERT INTO pricing.mt_events VALUES (7, 'e8226983-12d7-420d-8b9e-8986aa46e528', 'edited-rate-card@2026-01-01T00:00Z', 2, '{"Hash": "700f6245cb3c96177aba025e29bc48c98e864404ad200b496cf7b1b3dfe866b2", "SourceId": "e20cec4f-2934-4262-9c57-97e0be116506", "TenantId": "edited-rate-card", "AccruedAt": "2026-01-01T00:00:00+00:00", "AccruedBy": "service:pricing@vm", "PeriodEnd": "2026-02-01T00:00:00+00:00", "Quantities": [{"Key": {"GpuModel": "H100", "MigProfile": null, "AllocationClass": "on-demand"}, "Runs": [{"From": "2026-01-10T10:00:00+00:00", "Seconds": 600}], "GpuUuid": "GPU-edited-rate-card-0", "Seconds": 600, "WorkloadId": "job-1", "EnergyJoules": 180000, "RateCardVersion": 1}, {"Key": {"GpuModel": "H100", "MigProfile": null, "AllocationClass": "on-demand"}, "Runs": [{"From": "2026-01-10T10:00:00+00:00", "Seconds": 600}], "GpuUuid": "GPU-edited-rate-card-1", "Seconds": 600, "WorkloadId": "job-2", "EnergyJoules": 120000, "RateCardVersion": 1}], "RateCardId": "rc-audit", "PeriodStart": "2026-01-01T00:00:00+00:00"}', NULL, 'usage_accrued', '2026-12-06 21:53:47.697929+00', '*DEFAULT*', 'Pricing.Accrual.UsageAccrued, Pricing', false);
INSERT INTO pricing.mt_events VALUES (8, 'f1135766-4338-4cd1-972c-7a19b077b658', 'edited-rate-card@2026-01-01T00:00Z', 3, '{"Hash": "d363a0a291396ce8071cc6fa62a9be37e8263701c1d53741ac3d5fa832da7990", "SourceId": "d676fa36-7336-46fd-a247-4580cbd42baa", "TenantId": "edited-rate-card", "AccruedAt": "2026-01-01T00:00:00+00:00", "AccruedBy": "service:pricing@vm", "PeriodEnd": "2026-02-01T00:00:00+00:00", "Quantities": [{"Key": {"GpuModel": "H100", "MigProfile": null, "AllocationClass": "on-demand"}, "Runs": [{"From": "2026-01-10T11:00:00+00:00", "Seconds": 300}], "GpuUuid": "GPU-edited-rate-card-0", "Seconds": 300, "WorkloadId": "job-1", "EnergyJoules": 90000, "RateCardVersion": 1}], "RateCardId": "rc-audit", "PeriodStart": "2026-01-01T00:00:00+00:00"}', NULL, 'usage_accrued', '2026-12-06 21:53:47.697929+00', '*DEFAULT*', 'Pricing.Accrual.UsageAccrued, Pricing', false);
INSERT INTO pricing.mt_events VALUES (9, '10724ac3-dfe0-4f2e-a503-82ad323f6d88', 'edited-rate-card@2026-01-01T00:00Z', 4, '{"Hash": "abf9c19da9aae12557ccc2b2e2bfb3090e84344e48dc1b77f00df0e0a1f7617f", "SourceId": "2883e4b2-6d83-475f-aca1-0838839bc296", "TenantId": "edited-rate-card", "AccruedAt": "2026-01-01T00:00:00+00:00", "AccruedBy": "service:pricing@vm", "PeriodEnd": "2026-02-01T00:00:00+00:00", "Quantities": [{"Key": {"GpuModel": "H100", "MigProfile": null, "AllocationClass": "on-demand"}, "Runs": [{"From": "2026-01-11T09:00:00+00:00", "Seconds": 900}], "GpuUuid": "GPU-edited-rate-card-0", "Seconds": 900, "WorkloadId": "job-1", "EnergyJoules": 270000, "RateCardVersion": 1}], "RateCardId": "rc-audit", "PeriodStart": "2026-01-01T00:00:00+00:00"}', NULL, 'usage_accrued', '2026-12-06 21:53:47.697929+00', '*DEFAULT*', 'Pricing.Accrual.UsageAccrued, Pricing', false);
INSERT INTO pricing.mt_events VALUES (10, '4844b4fc-c290-4b2e-93d8-3901db082a54', 'reattributed-accrual@2026-01-01T00:00Z', 1, '{"Hash": "5578ddc89cbe7792bbe270335a859a4c87a1dfe51dd704ed7b11da5a88d4e910", "OpenedAt": "2026-01-01T00:00:00+00:00", "OpenedBy": "service:pricing@vm", "TenantId": "reattributed-accrual", "PeriodEnd": "2026-02-01T00:00:00+00:00", "RateCardId": "rc-audit", "PeriodStart": "2026-01-01T00:00:00+00:00"}', NULL, 'period_opened', '2026-12-06 21:53:49.944631+00', '*DEFAULT*', 'Pricing.Accrual.PeriodOpened, Pricing', false);
INSERT INTO pricing.mt_events VALUES (18, '2d0ad1a0-6a2f-4748-9b4c-f3c3b5dbe4ff', 'edited-invoice@2026-01-01T00:00Z', 1, '{"Hash": "5d802e797624b4d5e19866c551da95c7ff2435696bf9c7e6abebaeb63bb393d5", "OpenedAt": "2026-01-01T00:00:00+00:00", "OpenedBy": "service:pricing@vm", "TenantId": "edited-invoice", "PeriodEnd": "2026-02-01T00:00:00+00:00", "RateCardId": "rc-audit", "PeriodStart": "2026-01-01T00:00:00+00:00"}', NULL, 'period_opened', '2026-12-06 21:53:57.04718+00', '*DEFAULT*', 'Pricing.Accrual.PeriodOpened, Pricing', false);
INSERT INTO pricing.mt_events VALUES (1, 'ae9a944a-49bc-48d2-bfa9-fd922d99ed31', 'rc-audit', 1, '{"Hash": "81f1050cd2d996494f1d506da22e6fe9cf91a2355263f8e3bb09f9dc66811270", "Terms": {"Rates": [{"Key": {"GpuModel": "H100", "MigProfile": null, "AllocationClass": "on-demand"}, "Model": 0, "Tiers": [], "PricePerGpuHour": 2.40}], "Increment": 0, "Commitment": null, "ReservedGpus": [], "MinimumDuration": null, "EnergyPricePerKWh": 0.20}, "Version": 1, "Currency": "USD", "RateCardId": "rc-audit", "PublishedAt": "2026-01-01T00:00:00+00:00", "PublishedBy": "finance", "EffectiveFrom": "2026-01-01T00:00:00+00:00"}', NULL, 'rate_card_version_published', '2026-12-06 21:53:41.063815+00', '*DEFAULT*', 'Pricing.RateCards.RateCardVersionPublished, Pricing', false);
INSERT INTO pricing.mt_events VALUES (12, '1129f193-585b-464e-9e71-82288c174715', 'reattributed-accrual@2026-01-01T00:00Z', 3, '{"Hash": "c010d5c9b0a174899fa8454c907b9b2b6c8545be479c1a38f95fdef87d84a748", "SourceId": "d70e8258-fb42-4f77-8da6-1a9ddf84c488", "TenantId": "reattributed-accrual", "AccruedAt": "2026-01-01T00:00:00+00:00", "AccruedBy": "service:pricing@vm", "PeriodEnd": "2026-02-01T00:00:00+00:00", "Quantities": [{"Key": {"GpuModel": "H100", "MigProfile": null, "AllocationClass": "on-demand"}, "Runs": [{"From": "2026-01-10T11:00:00+00:00", "Seconds": 300}], "GpuUuid": "GPU-reattributed-accrual-0", "Seconds": 300, "WorkloadId": "job-1", "EnergyJoules": 90000, "RateCardVersion": 1}], "RateCardId": "rc-audit", "PeriodStart": "2026-01-01T00:00:00+00:00"}', NULL, 'usage_accrued', '2026-12-06 21:53:51.776462+00', '*DEFAULT*', 'Pricing.Accrual.UsageAccrued, Pricing', false);
INSERT INTO pricing.mt_events VALUES (13, 'ac1eaf9d-3998-466d-8607-5d43d26c71d8', 'reattributed-accrual@2026-01-01T00:00Z', 4, '{"Hash": "f4e593dcd5d4ad32e6138e09622fd1ddd4cdf1e998fea4b21080572bdbdf9bdd", "SourceId": "aa0d65d8-d23e-4660-a108-aab49389807a", "TenantId": "reattributed-accrual", "AccruedAt": "2026-01-01T00:00:00+00:00", "AccruedBy": "service:pricing@vm", "PeriodEnd": "2026-02-01T00:00:00+00:00", "Quantities": [{"Key": {"GpuModel": "H100", "MigProfile": null, "AllocationClass": "on-demand"}, "Runs": [{"From": "2026-01-11T09:00:00+00:00", "Seconds": 900}], "GpuUuid": "GPU-reattributed-accrual-0", "Seconds": 900, "WorkloadId": "job-1", "EnergyJoules": 270000, "RateCardVersion": 1}], "RateCardId": "rc-audit", "PeriodStart": "2026-01-01T00:00:00+00:00"}', NULL, 'usage_accrued', '2026-12-06 21:53:51.776462+00', '*DEFAULT*', 'Pricing.Accrual.UsageAccrued, Pricing', false);
INSERT INTO pricing.mt_events VALUES (11, 'b3272a8a-1450-45ae-8b5d-15a0e93172be', 'reattributed-accrual@2026-01-01T00:00Z', 2, '{"Hash": "bceefff093ecd4eaaca5671bae7b18850edea991afdc545586d59932f5458131", "SourceId": "6b8883a4-3090-496b-a05f-ce7335612c73", "TenantId": "reattributed-accrual", "AccruedAt": "2026-01-01T00:00:00+00:00", "AccruedBy": "operator:mallory", "PeriodEnd": "2026-02-01T00:00:00+00:00", "Quantities": [{"Key": {"GpuModel": "H100", "MigProfile": null, "AllocationClass": "on-demand"}, "Runs": [{"From": "2026-01-10T10:00:00+00:00", "Seconds": 600}], "GpuUuid": "GPU-reattributed-accrual-0", "Seconds": 600, "WorkloadId": "job-1", "EnergyJoules": 180000, "RateCardVersion": 1}, {"Key": {"GpuModel": "H100", "MigProfile": null, "AllocationClass": "on-demand"}, "Runs": [{"From": "2026-01-10T10:00:00+00:00", "Seconds": 600}], "GpuUuid": "GPU-reattributed-accrual-1", "Seconds": 600, "WorkloadId": "job-2", "EnergyJoules": 120000, "RateCardVersion": 1}], "RateCardId": "rc-audit", "PeriodStart": "2026-01-01T00:00:00+00:00"}', NULL, 'usage_accrued', '2026-12-06 21:53:51.776462+00', '*DEFAULT*', 'Pricing.Accrual.UsageAccrued, Pricing', false);
INSERT INTO pricing.mt_events VALUES (14, '913ad7f7-d4d6-42a4-9478-922ba3fbc727', 'edited-ledger@2026-01-01T00:00Z', 1, '{"Hash": "2bf575ccb49a659d2b14d6e55488ea2b724ac6f866f818429763e26d5ddad34f", "OpenedAt": "2026-01-01T00:00:00+00:00", "OpenedBy": "service:pricing@vm", "TenantId": "edited-ledger", "PeriodEnd": "2026-02-01T00:00:00+00:00", "RateCardId": "rc-audit", "PeriodStart": "2026-01-01T00:00:00+00:00"}', NULL, 'period_opened', '2026-12-06 21:53:53.998496+00', '*DEFAULT*', 'Pricing.Accrual.PeriodOpened, Pricing', false);
INSERT INTO pricing.mt_events VALUES (15, '97267579-2d8f-470c-95f7-2b9fa7db9be5', 'edited-ledger@2026-01-01T00:00Z', 2, '{"Hash": "2c54c1ece4378e43508d4e7f81bc0fb0b22ead696acb40a242db396e0d69c711", "SourceId": "df492f0b-204a-45cb-aa82-3df87e997d42", "TenantId": "edited-ledger", "AccruedAt": "2026-01-01T00:00:00+00:00", "AccruedBy": "service:pricing@vm", "PeriodEnd": "2026-02-01T00:00:00+00:00", "Quantities": [{"Key": {"GpuModel": "H100", "MigProfile": null, "AllocationClass": "on-demand"}, "Runs": [{"From": "2026-01-10T10:00:00+00:00", "Seconds": 600}], "GpuUuid": "GPU-edited-ledger-0", "Seconds": 600, "WorkloadId": "job-1", "EnergyJoules": 180000, "RateCardVersion": 1}, {"Key": {"GpuModel": "H100", "MigProfile": null, "AllocationClass": "on-demand"}, "Runs": [{"From": "2026-01-10T10:00:00+00:00", "Seconds": 600}], "GpuUuid": "GPU-edited-ledger-1", "Seconds": 600, "WorkloadId": "job-2", "EnergyJoules": 120000, "RateCardVersion": 1}], "RateCardId": "rc-audit", "PeriodStart": "2026-01-01T00:00:00+00:00"}', NULL, 'usage_accrued', '2026-12-06 21:53:55.944505+00', '*DEFAULT*', 'Pricing.Accrual.UsageAccrued, Pricing', false);
INSERT INTO pricing.mt_events VALUES (16, '88b0244d-e594-420e-9103-38df696033b2', 'edited-ledger@2026-01-01T00:00Z', 3, '{"Hash": "1cd447b436a9ab16f40cb85e8170919ce14a03ce5cd69200ac84dc5d83c318a0", "SourceId": "a4e555f0-42f3-471b-806b-5b8f8490cd1f", "TenantId": "edited-ledger", "AccruedAt": "2026-01-01T00:00:00+00:00", "AccruedBy": "service:pricing@vm", "PeriodEnd": "2026-02-01T00:00:00+00:00", "Quantities": [{"Key": {"GpuModel": "H100", "MigProfile": null, "AllocationClass": "on-demand"}, "Runs": [{"From": "2026-01-10T11:00:00+00:00", "Seconds": 300}], "GpuUuid": "GPU-edited-ledger-0", "Seconds": 300, "WorkloadId": "job-1", "EnergyJoules": 90000, "RateCardVersion": 1}], "RateCardId": "rc-audit", "PeriodStart": "2026-01-01T00:00:00+00:00"}', NULL, 'usage_accrued', '2026-12-06 21:53:55.944505+00', '*DEFAULT*', 'Pricing.Accrual.UsageAccrued, Pricing', false);
INSERT INTO pricing.mt_events VALUES (17, '666a313f-6a58-4fae-8de8-db29dd537677', 'edited-ledger@2026-01-01T00:00Z', 4, '{"Hash": "c06e0c2c51aa2d8df79af10aaac3809ca5cf84cc96a2c91c8cfa2ad458e02d36", "SourceId": "99db5f8f-8969-46f4-b537-e37279ef48df", "TenantId": "edited-ledger", "AccruedAt": "2026-01-01T00:00:00+00:00", "AccruedBy": "service:pricing@vm", "PeriodEnd": "2026-02-01T00:00:00+00:00", "Quantities": [{"Key": {"GpuModel": "H100", "MigProfile": null, "AllocationClass": "on-demand"}, "Runs": [{"From": "2026-01-11T09:00:00+00:00", "Seconds": 900}], "GpuUuid": "GPU-edited-ledger-0", "Seconds": 900, "WorkloadId": "job-1", "EnergyJoules": 270000, "RateCardVersion": 1}], "RateCardId": "rc-audit", "PeriodStart": "2026-01-01T00:00:00+00:00"}', NULL, 'usage_accrued', '2026-12-06 21:53:55.944505+00', '*DEFAULT*', 'Pricing.Accrual.UsageAccrued, Pricing', false);
INSERT INTO pricing.mt_events VALUES (22, '638c51ea-80dc-4aee-90c2-0fd9718e2616', 'edited-accrual@2026-01-01T00:00Z', 1, '{"Hash": "3e5984cfc742e73128d55bb8822099fb0dfbfef2e89547a37b9ea6747b331f60", "OpenedAt": "2026-01-01T00:00:00+00:00", "OpenedBy": "service:pricing@vm", "TenantId": "edited-accrual", "PeriodEnd": "2026-02-01T00:00:00+00:00", "RateCardId": "rc-audit", "PeriodStart": "2026-01-01T00:00:00+00:00"}', NULL, 'period_opened', '2026-12-06 21:54:00.079451+00', '*DEFAULT*', 'Pricing.Accrual.PeriodOpened, Pricing', false);
INSERT INTO pricing.mt_events VALUES (26, 'cb647b88-801a-43af-ad7a-0b3b4509b833', 'lost-ledger-event@2026-01-01T00:00Z', 1, '{"Hash": "25f3153977abcbd2de0b0882c6728e343da62fb298013fc17357d4361c83fa5f", "OpenedAt": "2026-01-01T00:00:00+00:00", "OpenedBy": "service:pricing@vm", "TenantId": "lost-ledger-event", "PeriodEnd": "2026-02-01T00:00:00+00:00", "RateCardId": "rc-audit", "PeriodStart": "2026-01-01T00:00:00+00:00"}', NULL, 'period_opened', '2026-12-06 21:54:02.108833+00', '*DEFAULT*', 'Pricing.Accrual.PeriodOpened, Pricing', false);
INSERT INTO pricing.mt_events VALUES (19, 'c57b2331-0406-4543-88ce-67d7949f87e5', 'edited-invoice@2026-01-01T00:00Z', 2, '{"Hash": "00f5f68d17e5168001051c72a57a7e1e32f659cdd69619425143847cd9a4e901", "SourceId": "1331e836-8a3b-4da8-ab5a-1f67156364d9", "TenantId": "edited-invoice", "AccruedAt": "2026-01-01T00:00:00+00:00", "AccruedBy": "service:pricing@vm", "PeriodEnd": "2026-02-01T00:00:00+00:00", "Quantities": [{"Key": {"GpuModel": "H100", "MigProfile": null, "AllocationClass": "on-demand"}, "Runs": [{"From": "2026-01-10T10:00:00+00:00", "Seconds": 600}], "GpuUuid": "GPU-edited-invoice-0", "Seconds": 600, "WorkloadId": "job-1", "EnergyJoules": 180000, "RateCardVersion": 1}, {"Key": {"GpuModel": "H100", "MigProfile": null, "AllocationClass": "on-demand"}, "Runs": [{"From": "2026-01-10T10:00:00+00:00", "Seconds": 600}], "GpuUuid": "GPU-edited-invoice-1", "Seconds": 600, "WorkloadId": "job-2", "EnergyJoules": 120000, "RateCardVersion": 1}], "RateCardId": "rc-audit", "PeriodStart": "2026-01-01T00:00:00+00:00"}', NULL, 'usage_accrued', '2026-12-06 21:53:58.948377+00', '*DEFAULT*', 'Pricing.Accrual.UsageAccrued, Pricing', false);
INSERT INTO pricing.mt_events VALUES (20, '1887f5c5-8ccb-4fdf-9271-2a39c0a8a1e5', 'edited-invoice@2026-01-01T00:00Z', 3, '{"Hash": "091b7ba7af89ca98e5b5bdf5a5125ce3af24001e4ee48679ff95e780b78e00d7", "SourceId": "b2d7fbfb-5ea7-4229-8c1f-5a027ca41365", "TenantId": "edited-invoice", "AccruedAt": "2026-01-01T00:00:00+00:00", "AccruedBy": "service:pricing@vm", "PeriodEnd": "2026-02-01T00:00:00+00:00", "Quantities": [{"Key": {"GpuModel": "H100", "MigProfile": null, "AllocationClass": "on-demand"}, "Runs": [{"From": "2026-01-10T11:00:00+00:00", "Seconds": 300}], "GpuUuid": "GPU-edited-invoice-0", "Seconds": 300, "WorkloadId": "job-1", "EnergyJoules": 90000, "RateCardVersion": 1}], "RateCardId": "rc-audit", "PeriodStart": "2026-01-01T00:00:00+00:00"}', NULL, 'usage_accrued', '2026-12-06 21:53:58.948377+00', '*DEFAULT*', 'Pricing.Accrual.UsageAccrued, Pricing', false);
INSERT INTO pricing.mt_events VALUES (21, '61655843-8b52-4474-a0ff-b4b10dc4d25f', 'edited-invoice@2026-01-01T00:00Z', 4, '{"Hash": "e2540eaba22060353630870a0d92525d4183be40a78594d5627f69e429870637", "SourceId": "53b7821a-faf2-4632-85a2-764b9d24dc4b", "TenantId": "edited-invoice", "AccruedAt": "2026-01-01T00:00:00+00:00", "AccruedBy": "service:pricing@vm", "PeriodEnd": "2026-02-01T00:00:00+00:00", "Quantities": [{"Key": {"GpuModel": "H100", "MigProfile": null, "AllocationClass": "on-demand"}, "Runs": [{"From": "2026-01-11T09:00:00+00:00", "Seconds": 900}], "GpuUuid": "GPU-edited-invoice-0", "Seconds": 900, "WorkloadId": "job-1", "EnergyJoules": 270000, "RateCardVersion": 1}], "RateCardId": "rc-audit", "PeriodStart": "2026-01-01T00:00:00+00:00"}', NULL, 'usage_accrued', '2026-12-06 21:53:58.948377+00', '*DEFAULT*', 'Pricing.Accrual.UsageAccrued, Pricing', false);
INSERT INTO pricing.mt_events VALUES (24, 'f8fe6833-0119-4fba-936e-73f5fd1c2ca1', 'edited-accrual@2026-01-01T00:00Z', 3, '{"Hash": "cf834344abe4d3e62d695e9dec628de7d534394c76eafe0c65e563fcd611fd81", "SourceId": "1b85b02d-1e99-45db-8c57-cda9bbb11436", "TenantId": "edited-accrual", "AccruedAt": "2026-01-01T00:00:00+00:00", "AccruedBy": "service:pricing@vm", "PeriodEnd": "2026-02-01T00:00:00+00:00", "Quantities": [{"Key": {"GpuModel": "H100", "MigProfile": null, "AllocationClass": "on-demand"}, "Runs": [{"From": "2026-01-10T11:00:00+00:00", "Seconds": 300}], "GpuUuid": "GPU-edited-accrual-0", "Seconds": 300, "WorkloadId": "job-1", "EnergyJoules": 90000, "RateCardVersion": 1}], "RateCardId": "rc-audit", "PeriodStart": "2026-01-01T00:00:00+00:00"}', NULL, 'usage_accrued', '2026-12-06 21:54:00.951976+00', '*DEFAULT*', 'Pricing.Accrual.UsageAccrued, Pricing', false);
INSERT INTO pricing.mt_events VALUES (25, '6d63b05c-565f-4de4-9141-abf4c8a68d00', 'edited-accrual@2026-01-01T00:00Z', 4, '{"Hash": "bacd7e41a2ab7c335c50532a348cf8ae4fa12a26c5b38e6c5b770e1472369579", "SourceId": "6447cecd-90c1-4327-b57b-b176d19d7b31", "TenantId": "edited-accrual", "AccruedAt": "2026-01-01T00:00:00+00:00", "AccruedBy": "service:pricing@vm", "PeriodEnd": "2026-02-01T00:00:00+00:00", "Quantities": [{"Key": {"GpuModel": "H100", "MigProfile": null, "AllocationClass": "on-demand"}, "Runs": [{"From": "2026-01-11T09:00:00+00:00", "Seconds": 900}], "GpuUuid": "GPU-edited-accrual-0", "Seconds": 900, "WorkloadId": "job-1", "EnergyJoules": 270000, "RateCardVersion": 1}], "RateCardId": "rc-audit", "PeriodStart": "2026-01-01T00:00:00+00:00"}', NULL, 'usage_accrued', '2026-12-06 21:54:00.951976+00', '*DEFAULT*', 'Pricing.Accrual.UsageAccrued, Pricing', false);
INSERT INTO pricing.mt_events VALUES (23, 'b40f9137-12b3-4a64-b64c-9ce71e32d687', 'edited-accrual@2026-01-01T00:00Z', 2, '{"Hash": "6f9b98046a6d150f2bb33930fb55e003226d09ae9b231ff22cd2a88b71d55373", "SourceId": "0f2317e5-7795-4220-a00f-5cdbd5735f08", "TenantId": "edited-accrual", "AccruedAt": "2026-01-01T00:00:00+00:00", "AccruedBy": "service:pricing@vm", "PeriodEnd": "2026-02-01T00:00:00+00:00", "Quantities": [{"Key": {"GpuModel": "H100", "MigProfile": null, "AllocationClass": "on-demand"}, "Runs": [{"From": "2026-01-10T10:00:00+00:00", "Seconds": 600}], "GpuUuid": "GPU-edited-accrual-0", "Seconds": 700, "WorkloadId": "job-1", "EnergyJoules": 180000, "RateCardVersion": 1}, {"Key": {"GpuModel": "H100", "MigProfile": null, "AllocationClass": "on-demand"}, "Runs": [{"From": "2026-01-10T10:00:00+00:00", "Seconds": 600}], "GpuUuid": "GPU-edited-accrual-1", "Seconds": 600, "WorkloadId": "job-2", "EnergyJoules": 120000, "RateCardVersion": 1}], "RateCardId": "rc-audit", "PeriodStart": "2026-01-01T00:00:00+00:00"}', NULL, 'usage_accrued', '2026-12-06 21:54:00.951976+00', '*DEFAULT*', 'Pricing.Accrual.UsageAccrued, Pricing', false);
INSERT INTO pricing.mt_events VALUES (27, '4ce85a89-65c7-4ef3-b887-f717db3c63ed', 'lost-ledger-event@2026-01-01T00:00Z', 2, '{"Hash": "da3e3b5acba6317d20d8d74d12c53e56502f1c182b7c0d5b78b27a2850fffca3", "SourceId": "5e86009c-6e79-4c9e-8cda-4ed3e6fe732c", "TenantId": "lost-ledger-event", "AccruedAt": "2026-01-01T00:00:00+00:00", "AccruedBy": "service:pricing@vm", "PeriodEnd": "2026-02-01T00:00:00+00:00", "Quantities": [{"Key": {"GpuModel": "H100", "MigProfile": null, "AllocationClass": "on-demand"}, "Runs": [{"From": "2026-01-10T10:00:00+00:00", "Seconds": 600}], "GpuUuid": "GPU-lost-ledger-event-0", "Seconds": 600, "WorkloadId": "job-1", "EnergyJoules": 180000, "RateCardVersion": 1}, {"Key": {"GpuModel": "H100", "MigProfile": null, "AllocationClass": "on-demand"}, "Runs": [{"From": "2026-01-10T10:00:00+00:00", "Seconds": 600}], "GpuUuid": "GPU-lost-ledger-event-1", "Seconds": 600, "WorkloadId": "job-2", "EnergyJoules": 120000, "RateCardVersion": 1}], "RateCardId": "rc-audit", "PeriodStart": "2026-01-01T00:00:00+00:00"}', NULL, 'usage_accrued', '2026-12-06 21:54:04.784827+00', '*DEFAULT*', 'Pricing.Accrual.UsageAccrued, Pricing', false);
INSERT INTO pricing.mt_events VALUES (28, '3ad91112-5094-42e4-8e4e-213b549620e4', 'lost-ledger-event@2026-01-01T00:00Z', 3, '{"Hash": "b51ff770abf9edee159f290f806d65156d1de2c64ec28642743508eae0a7de9b", "SourceId": "cbd5d02a-cdd6-49e8-b921-cf9612d121fa", "TenantId": "lost-ledger-event", "AccruedAt": "2026-01-01T00:00:00+00:00", "AccruedBy": "service:pricing@vm", "PeriodEnd": "2026-02-01T00:00:00+00:00", "Quantities": [{"Key": {"GpuModel": "H100", "MigProfile": null, "AllocationClass": "on-demand"}, "Runs": [{"From": "2026-01-10T11:00:00+00:00", "Seconds": 300}], "GpuUuid": "GPU-lost-ledger-event-0", "Seconds": 300, "WorkloadId": "job-1", "EnergyJoules": 90000, "RateCardVersion": 1}], "RateCardId": "rc-audit", "PeriodStart": "2026-01-01T00:00:00+00:00"}', NULL, 'usage_accrued', '2026-12-06 21:54:04.784827+00', '*DEFAULT*', 'Pricing.Accrual.UsageAccrued, Pricing', false);
INSERT INTO pricing.mt_events VALUES (29, '95a1a781-72af-4e5b-bd78-2243ce735855', 'lost-ledger-event@2026-01-01T00:00Z', 4, '{"Hash": "912f6f2cd1e5c1bce55ac2b582bbfdeb93334f359364bd399f2bb6ffa98c9bfb", "SourceId": "541e30d5-d7cb-40d7-89d3-b1045b9d9d18", "TenantId": "lost-ledger-event", "AccruedAt": "2026-01-01T00:00:00+00:00", "AccruedBy": "service:pricing@vm", "PeriodEnd": "2026-02-01T00:00:00+00:00", "Quantities": [{"Key": {"GpuModel": "H100", "MigProfile": null, "AllocationClass": "on-demand"}, "Runs": [{"From": "2026-01-11T09:00:00+00:00", "Seconds": 900}], "GpuUuid": "GPU-lost-ledger-event-0", "Seconds": 900, "WorkloadId": "job-1", "EnergyJoules": 270000, "RateCardVersion": 1}], "RateCardId": "rc-audit", "PeriodStart": "2026-01-01T00:00:00+00:00"}', NULL, 'usage_accrued', '2026-12-06 21:54:04.784827+00', '*DEFAULT*', 'Pricing.Accrual.UsageAccrued, Pricing', false);


--
-- Data for Name: mt_high_water_skips; Type: TABLE DATA; Schema: pricing; Owner: -
--



--
-- Data for Name: mt_streams; Type: TABLE DATA; Schema: pricing; Owner: -
--

INSERT INTO pricing.mt_streams VALUES ('rc-audit', 'rate_card', 1, '2026-12-06 21:53:41.106754+00', '2026-12-06 21:53:41.106754+00', '*DEFAULT*', 0, false);
INSERT INTO pricing.mt_streams VALUES ('untouched@2026-01-01T00:00Z', 'period_usage', 4, '2026-12-06 21:53:43.723593+00', '2026-12-06 21:53:42.147704+00', '*DEFAULT*', 0, false);
INSERT INTO pricing.mt_streams VALUES ('edited-rate-card@2026-01-01T00:00Z', 'period_usage', 4, '2026-12-06 21:53:47.689945+00', '2026-12-06 21:53:45.898731+00', '*DEFAULT*', 0, false);
INSERT INTO pricing.mt_streams VALUES ('reattributed-accrual@2026-01-01T00:00Z', 'period_usage', 4, '2026-12-06 21:53:51.771305+00', '2026-12-06 21:53:49.941893+00', '*DEFAULT*', 0, false);
INSERT INTO pricing.mt_streams VALUES ('edited-ledger@2026-01-01T00:00Z', 'period_usage', 4, '2026-12-06 21:53:55.886138+00', '2026-12-06 21:53:53.991826+00', '*DEFAULT*', 0, false);
INSERT INTO pricing.mt_streams VALUES ('edited-invoice@2026-01-01T00:00Z', 'period_usage', 4, '2026-12-06 21:53:58.928855+00', '2026-12-06 21:53:57.042051+00', '*DEFAULT*', 0, false);
INSERT INTO pricing.mt_streams VALUES ('edited-accrual@2026-01-01T00:00Z', 'period_usage', 4, '2026-12-06 21:54:00.945735+00', '2026-12-06 21:54:00.075154+00', '*DEFAULT*', 0, false);
INSERT INTO pricing.mt_streams VALUES ('lost-ledger-event@2026-01-01T00:00Z', 'period_usage', 4, '2026-12-06 21:54:03.78841+00', '2026-12-06 21:54:02.106276+00', '*DEFAULT*', 0, false);


--
-- Name: mt_events_sequence; Type: SEQUENCE SET; Schema: invoicing; Owner: -
--

SELECT pg_catalog.setval('invoicing.mt_events_sequence', 35, true);


--
-- Name: mt_events_sequence; Type: SEQUENCE SET; Schema: metering; Owner: -
--

SELECT pg_catalog.setval('metering.mt_events_sequence', 21, true);


--
-- Name: mt_events_sequence; Type: SEQUENCE SET; Schema: pricing; Owner: -
--

SELECT pg_catalog.setval('pricing.mt_events_sequence', 29, true);


--
-- Name: mt_doc_accessgrant pkey_mt_doc_accessgrant_id; Type: CONSTRAINT; Schema: audit; Owner: -
--

ALTER TABLE ONLY audit.mt_doc_accessgrant
    ADD CONSTRAINT pkey_mt_doc_accessgrant_id PRIMARY KEY (id);


--
-- Name: mt_doc_apikey pkey_mt_doc_apikey_id; Type: CONSTRAINT; Schema: audit; Owner: -
--

ALTER TABLE ONLY audit.mt_doc_apikey
    ADD CONSTRAINT pkey_mt_doc_apikey_id PRIMARY KEY (id);


--
-- Name: mt_event_progression pk_mt_event_progression; Type: CONSTRAINT; Schema: invoicing; Owner: -
--

ALTER TABLE ONLY invoicing.mt_event_progression
    ADD CONSTRAINT pk_mt_event_progression PRIMARY KEY (name);


--
-- Name: invoice_numbers pkey_invoice_numbers_series; Type: CONSTRAINT; Schema: invoicing; Owner: -
--

ALTER TABLE ONLY invoicing.invoice_numbers
    ADD CONSTRAINT pkey_invoice_numbers_series PRIMARY KEY (series);


--
-- Name: ledger_tally pkey_ledger_tally_ledger_event_id_tenant_id_bucket_start; Type: CONSTRAINT; Schema: invoicing; Owner: -
--

ALTER TABLE ONLY invoicing.ledger_tally
    ADD CONSTRAINT pkey_ledger_tally_ledger_event_id_tenant_id_bucket_start PRIMARY KEY (ledger_event_id, tenant_id, bucket_start);


--
-- Name: mt_doc_accessgrant pkey_mt_doc_accessgrant_id; Type: CONSTRAINT; Schema: invoicing; Owner: -
--

ALTER TABLE ONLY invoicing.mt_doc_accessgrant
    ADD CONSTRAINT pkey_mt_doc_accessgrant_id PRIMARY KEY (id);


--
-- Name: mt_doc_apikey pkey_mt_doc_apikey_id; Type: CONSTRAINT; Schema: invoicing; Owner: -
--

ALTER TABLE ONLY invoicing.mt_doc_apikey
    ADD CONSTRAINT pkey_mt_doc_apikey_id PRIMARY KEY (id);


--
-- Name: mt_doc_billingaccountstate pkey_mt_doc_billingaccountstate_id; Type: CONSTRAINT; Schema: invoicing; Owner: -
--

ALTER TABLE ONLY invoicing.mt_doc_billingaccountstate
    ADD CONSTRAINT pkey_mt_doc_billingaccountstate_id PRIMARY KEY (id);


--
-- Name: mt_doc_billingaccountview pkey_mt_doc_billingaccountview_id; Type: CONSTRAINT; Schema: invoicing; Owner: -
--

ALTER TABLE ONLY invoicing.mt_doc_billingaccountview
    ADD CONSTRAINT pkey_mt_doc_billingaccountview_id PRIMARY KEY (id);


--
-- Name: mt_doc_deadletterevent pkey_mt_doc_deadletterevent_id; Type: CONSTRAINT; Schema: invoicing; Owner: -
--

ALTER TABLE ONLY invoicing.mt_doc_deadletterevent
    ADD CONSTRAINT pkey_mt_doc_deadletterevent_id PRIMARY KEY (id);


--
-- Name: mt_doc_invoice pkey_mt_doc_invoice_id; Type: CONSTRAINT; Schema: invoicing; Owner: -
--

ALTER TABLE ONLY invoicing.mt_doc_invoice
    ADD CONSTRAINT pkey_mt_doc_invoice_id PRIMARY KEY (id);


--
-- Name: mt_doc_invoicesummary pkey_mt_doc_invoicesummary_id; Type: CONSTRAINT; Schema: invoicing; Owner: -
--

ALTER TABLE ONLY invoicing.mt_doc_invoicesummary
    ADD CONSTRAINT pkey_mt_doc_invoicesummary_id PRIMARY KEY (id);


--
-- Name: mt_doc_issuedcreditnote pkey_mt_doc_issuedcreditnote_id; Type: CONSTRAINT; Schema: invoicing; Owner: -
--

ALTER TABLE ONLY invoicing.mt_doc_issuedcreditnote
    ADD CONSTRAINT pkey_mt_doc_issuedcreditnote_id PRIMARY KEY (id);


--
-- Name: mt_doc_periodcharges pkey_mt_doc_periodcharges_id; Type: CONSTRAINT; Schema: invoicing; Owner: -
--

ALTER TABLE ONLY invoicing.mt_doc_periodcharges
    ADD CONSTRAINT pkey_mt_doc_periodcharges_id PRIMARY KEY (id);


--
-- Name: mt_doc_usagethresholds pkey_mt_doc_usagethresholds_id; Type: CONSTRAINT; Schema: invoicing; Owner: -
--

ALTER TABLE ONLY invoicing.mt_doc_usagethresholds
    ADD CONSTRAINT pkey_mt_doc_usagethresholds_id PRIMARY KEY (id);


--
-- Name: mt_event_projection_floors pkey_mt_event_projection_floors_name_tenant_id; Type: CONSTRAINT; Schema: invoicing; Owner: -
--

ALTER TABLE ONLY invoicing.mt_event_projection_floors
    ADD CONSTRAINT pkey_mt_event_projection_floors_name_tenant_id PRIMARY KEY (name, tenant_id);


--
-- Name: mt_events pkey_mt_events_seq_id; Type: CONSTRAINT; Schema: invoicing; Owner: -
--

ALTER TABLE ONLY invoicing.mt_events
    ADD CONSTRAINT pkey_mt_events_seq_id PRIMARY KEY (seq_id);


--
-- Name: mt_high_water_skips pkey_mt_high_water_skips_ending_sequence; Type: CONSTRAINT; Schema: invoicing; Owner: -
--

ALTER TABLE ONLY invoicing.mt_high_water_skips
    ADD CONSTRAINT pkey_mt_high_water_skips_ending_sequence PRIMARY KEY (ending_sequence);


--
-- Name: mt_streams pkey_mt_streams_id; Type: CONSTRAINT; Schema: invoicing; Owner: -
--

ALTER TABLE ONLY invoicing.mt_streams
    ADD CONSTRAINT pkey_mt_streams_id PRIMARY KEY (id);


--
-- Name: mt_event_progression pk_mt_event_progression; Type: CONSTRAINT; Schema: metering; Owner: -
--

ALTER TABLE ONLY metering.mt_event_progression
    ADD CONSTRAINT pk_mt_event_progression PRIMARY KEY (name);


--
-- Name: intake pkey_intake_node_id_second; Type: CONSTRAINT; Schema: metering; Owner: -
--

ALTER TABLE ONLY metering.intake
    ADD CONSTRAINT pkey_intake_node_id_second PRIMARY KEY (node_id, second);


--
-- Name: mt_doc_accessgrant pkey_mt_doc_accessgrant_id; Type: CONSTRAINT; Schema: metering; Owner: -
--

ALTER TABLE ONLY metering.mt_doc_accessgrant
    ADD CONSTRAINT pkey_mt_doc_accessgrant_id PRIMARY KEY (id);


--
-- Name: mt_doc_apikey pkey_mt_doc_apikey_id; Type: CONSTRAINT; Schema: metering; Owner: -
--

ALTER TABLE ONLY metering.mt_doc_apikey
    ADD CONSTRAINT pkey_mt_doc_apikey_id PRIMARY KEY (id);


--
-- Name: mt_doc_deadletterevent pkey_mt_doc_deadletterevent_id; Type: CONSTRAINT; Schema: metering; Owner: -
--

ALTER TABLE ONLY metering.mt_doc_deadletterevent
    ADD CONSTRAINT pkey_mt_doc_deadletterevent_id PRIMARY KEY (id);


--
-- Name: mt_doc_nodehourledger pkey_mt_doc_nodehourledger_id; Type: CONSTRAINT; Schema: metering; Owner: -
--

ALTER TABLE ONLY metering.mt_doc_nodehourledger
    ADD CONSTRAINT pkey_mt_doc_nodehourledger_id PRIMARY KEY (id);


--
-- Name: mt_event_projection_floors pkey_mt_event_projection_floors_name_tenant_id; Type: CONSTRAINT; Schema: metering; Owner: -
--

ALTER TABLE ONLY metering.mt_event_projection_floors
    ADD CONSTRAINT pkey_mt_event_projection_floors_name_tenant_id PRIMARY KEY (name, tenant_id);


--
-- Name: mt_events pkey_mt_events_seq_id; Type: CONSTRAINT; Schema: metering; Owner: -
--

ALTER TABLE ONLY metering.mt_events
    ADD CONSTRAINT pkey_mt_events_seq_id PRIMARY KEY (seq_id);


--
-- Name: mt_high_water_skips pkey_mt_high_water_skips_ending_sequence; Type: CONSTRAINT; Schema: metering; Owner: -
--

ALTER TABLE ONLY metering.mt_high_water_skips
    ADD CONSTRAINT pkey_mt_high_water_skips_ending_sequence PRIMARY KEY (ending_sequence);


--
-- Name: mt_streams pkey_mt_streams_id; Type: CONSTRAINT; Schema: metering; Owner: -
--

ALTER TABLE ONLY metering.mt_streams
    ADD CONSTRAINT pkey_mt_streams_id PRIMARY KEY (id);


--
-- Name: node_reporting pkey_node_reporting_node_id; Type: CONSTRAINT; Schema: metering; Owner: -
--

ALTER TABLE ONLY metering.node_reporting
    ADD CONSTRAINT pkey_node_reporting_node_id PRIMARY KEY (node_id);


--
-- Name: usage_buckets pkey_usage_buckets_tenant_id_bucket_start_gpu_model_mig_profile; Type: CONSTRAINT; Schema: metering; Owner: -
--

ALTER TABLE ONLY metering.usage_buckets
    ADD CONSTRAINT pkey_usage_buckets_tenant_id_bucket_start_gpu_model_mig_profile PRIMARY KEY (tenant_id, bucket_start, gpu_model, mig_profile, node_id);


--
-- Name: mt_event_progression pk_mt_event_progression; Type: CONSTRAINT; Schema: pricing; Owner: -
--

ALTER TABLE ONLY pricing.mt_event_progression
    ADD CONSTRAINT pk_mt_event_progression PRIMARY KEY (name);


--
-- Name: accrued_sources pkey_accrued_sources_source_id_stream_key; Type: CONSTRAINT; Schema: pricing; Owner: -
--

ALTER TABLE ONLY pricing.accrued_sources
    ADD CONSTRAINT pkey_accrued_sources_source_id_stream_key PRIMARY KEY (source_id, stream_key);


--
-- Name: mt_doc_accessgrant pkey_mt_doc_accessgrant_id; Type: CONSTRAINT; Schema: pricing; Owner: -
--

ALTER TABLE ONLY pricing.mt_doc_accessgrant
    ADD CONSTRAINT pkey_mt_doc_accessgrant_id PRIMARY KEY (id);


--
-- Name: mt_doc_apikey pkey_mt_doc_apikey_id; Type: CONSTRAINT; Schema: pricing; Owner: -
--

ALTER TABLE ONLY pricing.mt_doc_apikey
    ADD CONSTRAINT pkey_mt_doc_apikey_id PRIMARY KEY (id);


--
-- Name: mt_doc_deadletterevent pkey_mt_doc_deadletterevent_id; Type: CONSTRAINT; Schema: pricing; Owner: -
--

ALTER TABLE ONLY pricing.mt_doc_deadletterevent
    ADD CONSTRAINT pkey_mt_doc_deadletterevent_id PRIMARY KEY (id);


--
-- Name: mt_doc_periodusage pkey_mt_doc_periodusage_id; Type: CONSTRAINT; Schema: pricing; Owner: -
--

ALTER TABLE ONLY pricing.mt_doc_periodusage
    ADD CONSTRAINT pkey_mt_doc_periodusage_id PRIMARY KEY (id);


--
-- Name: mt_doc_ratecard pkey_mt_doc_ratecard_id; Type: CONSTRAINT; Schema: pricing; Owner: -
--

ALTER TABLE ONLY pricing.mt_doc_ratecard
    ADD CONSTRAINT pkey_mt_doc_ratecard_id PRIMARY KEY (id);


--
-- Name: mt_doc_ratecardsummary pkey_mt_doc_ratecardsummary_id; Type: CONSTRAINT; Schema: pricing; Owner: -
--

ALTER TABLE ONLY pricing.mt_doc_ratecardsummary
    ADD CONSTRAINT pkey_mt_doc_ratecardsummary_id PRIMARY KEY (id);


--
-- Name: mt_doc_tenantterms pkey_mt_doc_tenantterms_id; Type: CONSTRAINT; Schema: pricing; Owner: -
--

ALTER TABLE ONLY pricing.mt_doc_tenantterms
    ADD CONSTRAINT pkey_mt_doc_tenantterms_id PRIMARY KEY (id);


--
-- Name: mt_doc_unbilledusage pkey_mt_doc_unbilledusage_id; Type: CONSTRAINT; Schema: pricing; Owner: -
--

ALTER TABLE ONLY pricing.mt_doc_unbilledusage
    ADD CONSTRAINT pkey_mt_doc_unbilledusage_id PRIMARY KEY (id);


--
-- Name: mt_event_projection_floors pkey_mt_event_projection_floors_name_tenant_id; Type: CONSTRAINT; Schema: pricing; Owner: -
--

ALTER TABLE ONLY pricing.mt_event_projection_floors
    ADD CONSTRAINT pkey_mt_event_projection_floors_name_tenant_id PRIMARY KEY (name, tenant_id);


--
-- Name: mt_events pkey_mt_events_seq_id; Type: CONSTRAINT; Schema: pricing; Owner: -
--

ALTER TABLE ONLY pricing.mt_events
    ADD CONSTRAINT pkey_mt_events_seq_id PRIMARY KEY (seq_id);


--
-- Name: mt_high_water_skips pkey_mt_high_water_skips_ending_sequence; Type: CONSTRAINT; Schema: pricing; Owner: -
--

ALTER TABLE ONLY pricing.mt_high_water_skips
    ADD CONSTRAINT pkey_mt_high_water_skips_ending_sequence PRIMARY KEY (ending_sequence);


--
-- Name: mt_streams pkey_mt_streams_id; Type: CONSTRAINT; Schema: pricing; Owner: -
--

ALTER TABLE ONLY pricing.mt_streams
    ADD CONSTRAINT pkey_mt_streams_id PRIMARY KEY (id);


--
-- Name: mt_doc_accessgrant_idx_principal_id; Type: INDEX; Schema: audit; Owner: -
--

CREATE INDEX mt_doc_accessgrant_idx_principal_id ON audit.mt_doc_accessgrant USING btree (((data ->> 'PrincipalId'::text)));


--
-- Name: mt_doc_accessgrant_idx_tenant_id; Type: INDEX; Schema: audit; Owner: -
--

CREATE INDEX mt_doc_accessgrant_idx_tenant_id ON audit.mt_doc_accessgrant USING btree (((data ->> 'TenantId'::text)));


--
-- Name: mt_doc_apikey_idx_principal_id; Type: INDEX; Schema: audit; Owner: -
--

CREATE INDEX mt_doc_apikey_idx_principal_id ON audit.mt_doc_apikey USING btree (((data ->> 'PrincipalId'::text)));


--
-- Name: ix_ledger_tally_tenant_bucket; Type: INDEX; Schema: invoicing; Owner: -
--

CREATE INDEX ix_ledger_tally_tenant_bucket ON invoicing.ledger_tally USING btree (tenant_id, bucket_start) INCLUDE (gpu_seconds);


--
-- Name: mt_doc_accessgrant_idx_principal_id; Type: INDEX; Schema: invoicing; Owner: -
--

CREATE INDEX mt_doc_accessgrant_idx_principal_id ON invoicing.mt_doc_accessgrant USING btree (((data ->> 'PrincipalId'::text)));


--
-- Name: mt_doc_accessgrant_idx_tenant_id; Type: INDEX; Schema: invoicing; Owner: -
--

CREATE INDEX mt_doc_accessgrant_idx_tenant_id ON invoicing.mt_doc_accessgrant USING btree (((data ->> 'TenantId'::text)));


--
-- Name: mt_doc_apikey_idx_principal_id; Type: INDEX; Schema: invoicing; Owner: -
--

CREATE INDEX mt_doc_apikey_idx_principal_id ON invoicing.mt_doc_apikey USING btree (((data ->> 'PrincipalId'::text)));


--
-- Name: mt_doc_issuedcreditnote_idx_tenant_id; Type: INDEX; Schema: invoicing; Owner: -
--

CREATE INDEX mt_doc_issuedcreditnote_idx_tenant_id ON invoicing.mt_doc_issuedcreditnote USING btree (((data ->> 'TenantId'::text)));


--
-- Name: pk_mt_events_stream_and_version; Type: INDEX; Schema: invoicing; Owner: -
--

CREATE UNIQUE INDEX pk_mt_events_stream_and_version ON invoicing.mt_events USING btree (stream_id, version);


--
-- Name: mt_doc_accessgrant_idx_principal_id; Type: INDEX; Schema: metering; Owner: -
--

CREATE INDEX mt_doc_accessgrant_idx_principal_id ON metering.mt_doc_accessgrant USING btree (((data ->> 'PrincipalId'::text)));


--
-- Name: mt_doc_accessgrant_idx_tenant_id; Type: INDEX; Schema: metering; Owner: -
--

CREATE INDEX mt_doc_accessgrant_idx_tenant_id ON metering.mt_doc_accessgrant USING btree (((data ->> 'TenantId'::text)));


--
-- Name: mt_doc_apikey_idx_principal_id; Type: INDEX; Schema: metering; Owner: -
--

CREATE INDEX mt_doc_apikey_idx_principal_id ON metering.mt_doc_apikey USING btree (((data ->> 'PrincipalId'::text)));


--
-- Name: pk_mt_events_stream_and_version; Type: INDEX; Schema: metering; Owner: -
--

CREATE UNIQUE INDEX pk_mt_events_stream_and_version ON metering.mt_events USING btree (stream_id, version);


--
-- Name: mt_doc_accessgrant_idx_principal_id; Type: INDEX; Schema: pricing; Owner: -
--

CREATE INDEX mt_doc_accessgrant_idx_principal_id ON pricing.mt_doc_accessgrant USING btree (((data ->> 'PrincipalId'::text)));


--
-- Name: mt_doc_accessgrant_idx_tenant_id; Type: INDEX; Schema: pricing; Owner: -
--

CREATE INDEX mt_doc_accessgrant_idx_tenant_id ON pricing.mt_doc_accessgrant USING btree (((data ->> 'TenantId'::text)));


--
-- Name: mt_doc_apikey_idx_principal_id; Type: INDEX; Schema: pricing; Owner: -
--

CREATE INDEX mt_doc_apikey_idx_principal_id ON pricing.mt_doc_apikey USING btree (((data ->> 'PrincipalId'::text)));


--
-- Name: mt_doc_unbilledusage_idx_tenant_id; Type: INDEX; Schema: pricing; Owner: -
--

CREATE INDEX mt_doc_unbilledusage_idx_tenant_id ON pricing.mt_doc_unbilledusage USING btree (((data ->> 'TenantId'::text)));


--
-- Name: pk_mt_events_stream_and_version; Type: INDEX; Schema: pricing; Owner: -
--

CREATE UNIQUE INDEX pk_mt_events_stream_and_version ON pricing.mt_events USING btree (stream_id, version);


--
-- Name: mt_events fkey_mt_events_stream_id; Type: FK CONSTRAINT; Schema: invoicing; Owner: -
--

ALTER TABLE ONLY invoicing.mt_events
    ADD CONSTRAINT fkey_mt_events_stream_id FOREIGN KEY (stream_id) REFERENCES invoicing.mt_streams(id) ON DELETE CASCADE;


--
-- Name: mt_events fkey_mt_events_stream_id; Type: FK CONSTRAINT; Schema: metering; Owner: -
--

ALTER TABLE ONLY metering.mt_events
    ADD CONSTRAINT fkey_mt_events_stream_id FOREIGN KEY (stream_id) REFERENCES metering.mt_streams(id) ON DELETE CASCADE;


--
-- Name: mt_events fkey_mt_events_stream_id; Type: FK CONSTRAINT; Schema: pricing; Owner: -
--

ALTER TABLE ONLY pricing.mt_events
    ADD CONSTRAINT fkey_mt_events_stream_id FOREIGN KEY (stream_id) REFERENCES pricing.mt_streams(id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--



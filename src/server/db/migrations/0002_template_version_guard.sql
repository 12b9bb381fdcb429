-- A published rating-template version is frozen: every rating remembers the version it answered, so changing or
-- deleting one would silently change old results. The service never tries; this guards against anything else.
CREATE OR REPLACE FUNCTION rating_template_versions_frozen() RETURNS trigger AS $$
BEGIN
  IF OLD.status = 'published' THEN
    RAISE EXCEPTION 'rating template version % is published and cannot change', OLD.id USING ERRCODE = 'RL001';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER rating_template_versions_frozen
  BEFORE UPDATE OR DELETE ON rating_template_versions
  FOR EACH ROW EXECUTE FUNCTION rating_template_versions_frozen();

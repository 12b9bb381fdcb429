CREATE TABLE "comment_terms" (
	"rating_id" uuid NOT NULL,
	"term" text NOT NULL,
	CONSTRAINT "comment_terms_rating_id_term_pk" PRIMARY KEY("rating_id","term")
);
--> statement-breakpoint
CREATE INDEX "comment_terms_term_idx" ON "comment_terms" USING btree ("term","rating_id");--> statement-breakpoint
CREATE TABLE "comment_keyword_rollups" (
	"family" text NOT NULL,
	"member" text NOT NULL,
	"grain" text NOT NULL,
	"bucket" date NOT NULL,
	"term" text NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "comment_keyword_rollups_family_grain_member_bucket_term_pk" PRIMARY KEY("family","grain","member","bucket","term")
);
--> statement-breakpoint
CREATE TABLE "keyword_dictionary" (
	"word" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
INSERT INTO "keyword_dictionary" ("word") VALUES
	('售后'), ('回访'), ('压缩机'), ('外机'), ('内机'), ('上门'), ('师傅'), ('安装'), ('维修'), ('空调'), ('冰箱'),
	('洗衣机'), ('热水器'), ('油烟机'), ('预约'), ('收费'), ('配件'), ('态度'), ('准时'), ('鞋套'), ('保修'),
	('换机'), ('加氟'), ('漏水'), ('异响'), ('不制冷'), ('工单'), ('客服');

// previewdesk.io/expires-at in a comment is fine.
const QString a = u"previewdesk.io/expires-at"_s;
const char *b = "{.metadata.annotations.previewdesk\\.io/brand-new}";
const QString c = QStringLiteral("janitor/ttl");
const QString url = u"https://example.com"_s; // janitor/ttl after code, in a comment: fine
const char *w = "{.metadata.annotations.previewdesk\\.io/ci-workflow}";

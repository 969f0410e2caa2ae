{{/* The name of every resource: release-qharness-<runId>. */}}
{{- define "qharness.name" -}}
{{- printf "%s-qharness-%s" .Release.Name (required "runId is required: every injector of one run shares it" .Values.runId) | lower | trunc 52 | trimSuffix "-" -}}
{{- end -}}

{{- define "qharness.labels" -}}
app.kubernetes.io/name: qharness
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
qharness.io/run-id: {{ .Values.runId | quote }}
{{- end -}}

{{- define "qharness.claim" -}}
{{- if .Values.results.existingClaim -}}
{{ .Values.results.existingClaim }}
{{- else -}}
{{ include "qharness.name" . }}-results
{{- end -}}
{{- end -}}

{{/* The environment every qharness container gets: target, credentials, results. */}}
{{- define "qharness.env" -}}
- name: QHARNESS_HOSTS
  value: {{ required "target.hosts is required: the nodes' gRPC addresses" .Values.target.hosts | quote }}
{{- if .Values.target.restHosts }}
- name: QHARNESS_REST_HOSTS
  value: {{ .Values.target.restHosts | quote }}
{{- end }}
{{- if .Values.target.apiKey.secretName }}
- name: QHARNESS_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .Values.target.apiKey.secretName }}
      key: {{ .Values.target.apiKey.key }}
{{- end }}
{{- if .Values.target.tls.enabled }}
- name: QHARNESS_TLS
  value: "true"
{{- if .Values.target.tls.caConfigMap }}
- name: QHARNESS_CA_FILE
  value: /etc/qharness/ca/{{ .Values.target.tls.key }}
{{- end }}
{{- end }}
- name: QHARNESS_RESULTS_DIR
  value: /results
{{- end -}}

import { useTranslation } from 'react-i18next';
import { useUsableTemplates } from '../templates/templatesApi';

export interface TemplateOptions {
  /** For a Select: every usable template, the default one marked. */
  options: { value: string; label: string }[];
  loading: boolean;
  /** The default template, which QR mode starts from. */
  defaultId: string | undefined;
}

/** The rating templates a workflow node may use, as Select options. */
export function useTemplateOptions(): TemplateOptions {
  const { t } = useTranslation();
  const templates = useUsableTemplates();
  return {
    options: (templates.data ?? []).map((tpl) => ({
      value: tpl.id,
      label: tpl.isDefault ? `${tpl.name} (${t('workflows.defaultTemplate')})` : tpl.name,
    })),
    loading: templates.isPending,
    defaultId: templates.data?.find((tpl) => tpl.isDefault)?.id,
  };
}

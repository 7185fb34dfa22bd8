import type { Page } from '@playwright/test';

export class AppShell {
  constructor(private readonly page: Page) {}

  who() {
    return this.page.getByTestId('who');
  }

  async toggleLanguage(): Promise<void> {
    await this.page.getByTestId('toggle-lang').click();
  }

  async openSettings(): Promise<void> {
    await this.page.keyboard.press('F3');
  }

  providerRow(id: string) {
    return this.page.getByTestId(`provider-${id}`);
  }

  orgAppRow(provider: string) {
    return this.page.getByTestId(`org-app-${provider}`);
  }

  dir(): Promise<string | null> {
    return this.page.locator('html').getAttribute('dir');
  }
}

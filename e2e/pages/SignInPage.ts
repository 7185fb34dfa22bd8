import type { Page } from '@playwright/test';
import { openPayDesk, type LaunchableServer } from './openPayDesk';

export class SignInPage {
  constructor(private readonly page: Page) {}

  async open(server: LaunchableServer): Promise<void> {
    await openPayDesk(this.page, server);
    await this.page.getByTestId('pin').waitFor();
  }

  demoStaff() {
    return this.page.getByTestId('demo-staff');
  }

  /** Types the PIN with the keyboard and presses Enter, as a cashier does. */
  async signIn(pin: string): Promise<void> {
    await this.page.getByTestId('pin').focus();
    await this.page.keyboard.type(pin);
    await this.page.keyboard.press('Enter');
  }

  error() {
    return this.page.getByTestId('signin-error');
  }
}

// Helpers only the GUI suites need (they link the widgets): test mode for paths and prompts, and telling the
// widgets a test made from those Qt builds inside its own.
#pragma once

class QWidget;

namespace GuiTestSupport {

// Standard paths point into the test's own folders and UserPrompts records messages instead of showing them.
void enterTestMode();
// Headers, corner buttons and popups that Qt builds inside views and combo boxes: named by Qt's own
// accessibility from their owner, not by us.
bool isQtInternalPart(QWidget* widget);

} // namespace GuiTestSupport

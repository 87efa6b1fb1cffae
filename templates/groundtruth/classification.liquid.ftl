<#-- Ground Truth worker UI for image classification (crowd-image-classifier). Model: title, instructions,
     labelsJson (a JSON array of the label names), shortInstruction. Values are HTML-escaped; the Liquid tags
     ({{ }}) are Ground Truth's, filled in per task. -->
<script src="https://assets.crowd.aws/crowd-html-elements.js"></script>
<crowd-form>
  <crowd-image-classifier
    name="crowd-image-classifier"
    src="{{ task.input.taskObject | grant_read_access }}"
    header="${title?html}"
    categories="${labelsJson?html}"
  >
    <full-instructions header="${title?html}">
      <p>${instructions?html}</p>
    </full-instructions>
    <short-instructions>
      <p>${shortInstruction?html}</p>
    </short-instructions>
  </crowd-image-classifier>
</crowd-form>
